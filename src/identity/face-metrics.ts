/**
 * Measures taken from face-api's 68 landmarks (iBUG 300-W numbering) and 128-d descriptors.
 * Pure functions: the identity check re-judges every frame from these on the server, whatever
 * the camera page believed.
 */

export type Point = readonly [number, number];
export type Landmarks = readonly Point[];

const dist = (a: Point, b: Point) => Math.hypot(a[0] - b[0], a[1] - b[1]);

/** Euclidean distance between two descriptors (face-api's measure: same person below ≈ 0.6). */
export function descriptorDistance(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new Error(`descriptor lengths differ: ${a.length} vs ${b.length}`);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) ** 2;
  return Math.sqrt(s);
}

/** The median of numbers (mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  if (!values.length) throw new Error('median of nothing');
  const v = [...values].sort((x, y) => x - y);
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

/** Element-wise median of descriptors: one outlier frame (blur, a hand) cannot pull the template. */
export function medianDescriptor(descriptors: readonly (readonly number[])[]): number[] {
  if (!descriptors.length) throw new Error('median of no descriptors');
  return descriptors[0].map((_, i) => median(descriptors.map((d) => d[i])));
}

/** Eye aspect ratio (Soukupová and Čech, 2016) of the six points of one eye; ≈ 0.3 open, < 0.2 closed. */
export function eyeAspectRatio(eye: readonly Point[]): number {
  const [p1, p2, p3, p4, p5, p6] = eye;
  return (dist(p2, p6) + dist(p3, p5)) / (2 * dist(p1, p4));
}

/** Mean eye aspect ratio of both eyes (points 36–41 and 42–47). */
export function eyesOpenness(l: Landmarks): number {
  return (eyeAspectRatio(l.slice(36, 42)) + eyeAspectRatio(l.slice(42, 48))) / 2;
}

/** Inner-lip gap over inner mouth width (points 60–67): ≈ 0 closed, > 0.3 clearly open. */
export function mouthOpening(l: Landmarks): number {
  const width = dist(l[60], l[64]);
  const gap = (dist(l[61], l[67]) + dist(l[62], l[66]) + dist(l[63], l[65])) / 3;
  return width ? gap / width : 0;
}

/**
 * Head yaw from the nose tip's place between the jaw's ends (points 0, 16 and 30), in [-1, 1]:
 * 0 facing the camera, positive when the nose moves towards the image's right, that is when the
 * person turns to their own left in an unmirrored camera picture.
 */
export function yawEstimate(l: Landmarks): number {
  const left = l[0][0];
  const right = l[16][0];
  const nose = l[30][0];
  const width = right - left;
  if (width <= 0) return 0;
  return Math.max(-1, Math.min(1, (nose - left - (right - nose)) / width));
}

/**
 * Two frames are the same picture when no pixel of their 32×32 grey thumbnails differs by more
 * than this (of 255): a replayed or re-encoded still image. A maximum, not a mean, so that a
 * change confined to the eyes or the mouth still makes a new picture.
 */
export const SAME_PICTURE_MAX_DIFF = 12;

export function samePicture(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length || !a.length) return false;
  for (let i = 0; i < a.length; i++) if (Math.abs(a[i] - b[i]) > SAME_PICTURE_MAX_DIFF) return false;
  return true;
}

export const LIVENESS_STEPS = ['turn_left', 'turn_right', 'blink', 'open_mouth'] as const;
export type LivenessStep = (typeof LIVENESS_STEPS)[number];

/** How much each step must change against the neutral frame. */
export const LIVENESS_RULES = {
  /** Yaw change (see yawEstimate) a turn must reach, in its direction. */
  turnYaw: 0.15,
  /** A blink: eye aspect ratio at most this share of the neutral frame's. */
  blinkRatio: 0.75,
  /** Mouth opening must grow by at least this much (inner gap over width). */
  mouthGain: 0.15,
} as const;

export interface FrameMeasure {
  landmarks: Landmarks;
  thumb: readonly number[];
}

/**
 * The steps whose frame does not show its change against the neutral frame. A step frame that is
 * the same picture as the neutral frame, or as another step's frame, shows no movement.
 */
export function failedSteps(neutral: FrameMeasure, steps: readonly { step: LivenessStep; frame: FrameMeasure }[]): LivenessStep[] {
  const failed: LivenessStep[] = [];
  const yaw0 = yawEstimate(neutral.landmarks);
  const eyes0 = eyesOpenness(neutral.landmarks);
  const mouth0 = mouthOpening(neutral.landmarks);
  for (const [i, { step, frame }] of steps.entries()) {
    const repeated = samePicture(frame.thumb, neutral.thumb) || steps.some((o, j) => j !== i && samePicture(frame.thumb, o.frame.thumb));
    const l = frame.landmarks;
    const shown =
      !repeated &&
      (step === 'turn_left'
        ? yawEstimate(l) - yaw0 >= LIVENESS_RULES.turnYaw
        : step === 'turn_right'
          ? yaw0 - yawEstimate(l) >= LIVENESS_RULES.turnYaw
          : step === 'blink'
            ? eyesOpenness(l) <= eyes0 * LIVENESS_RULES.blinkRatio
            : mouthOpening(l) - mouth0 >= LIVENESS_RULES.mouthGain);
    if (!shown) failed.push(step);
  }
  return failed;
}
