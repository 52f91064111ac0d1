import type { Config, Human } from '@vladmandic/human';

/**
 * The point's camera guidance: @vladmandic/human finds the face and its 468-point mesh in each
 * camera picture, so the console can draw a face box, tell the applicant what to do, and keep the
 * frames that show it. It only guides: the service re-judges every frame itself (face-api's
 * 68 landmarks, docs/identity.md), so nothing here is trusted as a verdict.
 *
 * Models and TensorFlow.js's WebAssembly come from our own origin (/human/, copied at build).
 */
export type Step = 'turn_left' | 'turn_right' | 'blink' | 'open_mouth';

export interface FaceMeasures {
  /** Nose tip between the cheeks, −1…1: positive when the nose is right of centre in the unmirrored picture. */
  yaw: number;
  /** Mean eye opening over eye width. */
  eye: number;
  /** Inner-lip gap over mouth width. */
  mouth: number;
}

export interface Detection {
  faces: number;
  score: number;
  /** [x, y, width, height] in the picture's pixels */
  box: [number, number, number, number] | null;
  measures: FaceMeasures | null;
}

const CONFIG: Partial<Config> = {
  backend: 'wasm',
  wasmPath: '/human/wasm/',
  modelBasePath: '/human/models/',
  debug: false,
  async: true,
  warmup: 'none',
  cacheSensitivity: 0,
  filter: { enabled: false },
  face: {
    enabled: true,
    detector: { enabled: true, rotation: false, maxDetected: 2, minConfidence: 0.4, modelPath: 'blazeface.json' },
    mesh: { enabled: true, modelPath: 'facemesh.json' },
    iris: { enabled: false },
    description: { enabled: false },
    emotion: { enabled: false },
    antispoof: { enabled: false },
    liveness: { enabled: false },
    attention: { enabled: false },
    gear: { enabled: false },
  },
  body: { enabled: false },
  hand: { enabled: false },
  object: { enabled: false },
  segmentation: { enabled: false },
  gesture: { enabled: false },
} as Partial<Config>;

let loading: Promise<Human> | null = null;

/** Loads Human once per page (its own chunk: about 2 MB of script and 2 MB of models). */
export function loadHuman(): Promise<Human> {
  loading ??= (async () => {
    const { Human: H } = await import('@vladmandic/human');
    const human = new H(CONFIG);
    await human.load();
    return human;
  })();
  loading.catch(() => (loading = null));
  return loading;
}

type P = [number, number, number?];
const dist = (a: P, b: P) => Math.hypot(a[0] - b[0], a[1] - b[1]);

/** The three measures the steps move, from the MediaPipe face mesh's keypoints. */
export function measuresOf(mesh: P[]): FaceMeasures | null {
  if (mesh.length < 468) return null;
  const nose = mesh[1];
  const [c1, c2] = [mesh[234], mesh[454]];
  const left = Math.min(c1[0], c2[0]);
  const width = Math.abs(c1[0] - c2[0]);
  if (width <= 0) return null;
  const eyeOf = (up: number, down: number, a: number, b: number) => dist(mesh[up], mesh[down]) / Math.max(1e-6, dist(mesh[a], mesh[b]));
  return {
    yaw: (2 * (nose[0] - left)) / width - 1,
    eye: (eyeOf(159, 145, 33, 133) + eyeOf(386, 374, 362, 263)) / 2,
    mouth: dist(mesh[13], mesh[14]) / Math.max(1e-6, dist(mesh[61], mesh[291])),
  };
}

export async function detect(human: Human, picture: HTMLCanvasElement): Promise<Detection> {
  const r = await human.detect(picture);
  const faces = r.face.filter((f) => f.score >= 0.4);
  if (faces.length !== 1) return { faces: faces.length, score: 0, box: null, measures: null };
  const f = faces[0];
  return { faces: 1, score: f.score, box: f.box as Detection['box'], measures: measuresOf(f.mesh as P[]) };
}

/**
 * Whether a step's picture shows its movement against the neutral picture. The margins are a
 * little wider than the service's (docs/identity.md; measured there on other landmarks), so that a
 * frame kept here should pass there too.
 * `turn_left` is the applicant's own left: the nose moves right in the unmirrored picture.
 */
export function stepShown(step: Step, neutral: FaceMeasures, now: FaceMeasures): boolean {
  switch (step) {
    case 'turn_left':
      return now.yaw - neutral.yaw >= 0.2;
    case 'turn_right':
      return neutral.yaw - now.yaw >= 0.2;
    case 'blink':
      return now.eye <= neutral.eye * 0.6;
    case 'open_mouth':
      return now.mouth - neutral.mouth >= 0.25;
  }
}

/** Plain prompts for the applicant. */
export const PROMPTS: Record<Step, [zh: string, en: string]> = {
  turn_left: ['请向左转头', 'Turn your head to your left'],
  turn_right: ['请向右转头', 'Turn your head to your right'],
  blink: ['请眨眼', 'Blink'],
  open_mouth: ['请张嘴', 'Open your mouth'],
};
