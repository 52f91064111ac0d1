import { describe, expect, it } from '@jest/globals';
import {
  descriptorDistance,
  eyeAspectRatio,
  eyesOpenness,
  failedSteps,
  median,
  medianDescriptor,
  mouthOpening,
  samePicture,
  yawEstimate,
  type Point,
} from './face-metrics.js';

/** A frontal 68-point face: jaw 0–16 from x=0 to x=160, nose tip (30) at x=80, eyes open, mouth closed. */
function face(o: { nose?: number; eyeGap?: number; mouthGap?: number } = {}): Point[] {
  const l: Point[] = Array.from({ length: 68 }, () => [80, 80] as Point);
  for (let i = 0; i <= 16; i++) l[i] = [i * 10, 60 + Math.abs(8 - i) * -3 + 40];
  l[30] = [o.nose ?? 80, 90];
  const eye = (x: number, gap: number): Point[] => [
    [x, 50],
    [x + 10, 50 - gap / 2],
    [x + 20, 50 - gap / 2],
    [x + 30, 50],
    [x + 20, 50 + gap / 2],
    [x + 10, 50 + gap / 2],
  ];
  eye(35, o.eyeGap ?? 9).forEach((p, i) => (l[36 + i] = p));
  eye(95, o.eyeGap ?? 9).forEach((p, i) => (l[42 + i] = p));
  const g = o.mouthGap ?? 0;
  l[60] = [60, 120];
  l[61] = [70, 120 - g / 2];
  l[62] = [80, 120 - g / 2];
  l[63] = [90, 120 - g / 2];
  l[64] = [100, 120];
  l[65] = [90, 120 + g / 2];
  l[66] = [80, 120 + g / 2];
  l[67] = [70, 120 + g / 2];
  return l;
}

const thumb = (seed: number) => Array.from({ length: 1024 }, (_, i) => (i * 7 + seed * 31) % 256);

describe('face metrics', () => {
  it('descriptor distance is Euclidean and refuses mismatched lengths', () => {
    expect(descriptorDistance([0, 0, 0], [3, 4, 0])).toBe(5);
    expect(descriptorDistance([1, 2], [1, 2])).toBe(0);
    expect(() => descriptorDistance([1], [1, 2])).toThrow('lengths differ');
  });

  it('median of odd and even counts; element-wise median ignores one outlier', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow();
    expect(
      medianDescriptor([
        [0, 1],
        [0.1, 1.1],
        [9, -9],
      ]),
    ).toEqual([0.1, 1]);
  });

  it('eye aspect ratio falls when the lids close', () => {
    expect(eyeAspectRatio(face().slice(36, 42))).toBeCloseTo(0.3, 5);
    expect(eyesOpenness(face({ eyeGap: 2 }))).toBeCloseTo(2 / 30, 5);
  });

  it('mouth opening is the inner-lip gap over the mouth width', () => {
    expect(mouthOpening(face())).toBe(0);
    expect(mouthOpening(face({ mouthGap: 16 }))).toBeCloseTo(0.4, 5);
  });

  it('yaw: 0 frontal, positive when the nose moves to the image right (the person turns to their left)', () => {
    expect(yawEstimate(face())).toBe(0);
    expect(yawEstimate(face({ nose: 120 }))).toBeCloseTo(0.5, 5);
    expect(yawEstimate(face({ nose: 20 }))).toBeCloseTo(-0.75, 5);
    expect(yawEstimate(face({ nose: 400 }))).toBe(1);
  });

  it('same picture: a re-encoding (small differences) yes, a local change such as closed eyes no', () => {
    const a = thumb(1);
    expect(
      samePicture(
        a,
        a.map((v) => Math.min(255, v + 5)),
      ),
    ).toBe(true);
    const blink = [...a];
    blink[300] = (blink[300] + 60) % 256;
    expect(samePicture(a, blink)).toBe(false);
    expect(samePicture(a, a.slice(1))).toBe(false);
  });

  describe('failedSteps', () => {
    const neutral = { landmarks: face(), thumb: thumb(1) };
    it('passes each step that shows its change', () => {
      expect(
        failedSteps(neutral, [
          { step: 'turn_left', frame: { landmarks: face({ nose: 110 }), thumb: thumb(2) } },
          { step: 'turn_right', frame: { landmarks: face({ nose: 50 }), thumb: thumb(3) } },
          { step: 'blink', frame: { landmarks: face({ eyeGap: 3 }), thumb: thumb(4) } },
          { step: 'open_mouth', frame: { landmarks: face({ mouthGap: 15 }), thumb: thumb(5) } },
        ]),
      ).toEqual([]);
    });
    it('fails a turn the wrong way, a half blink and a closed mouth', () => {
      expect(
        failedSteps(neutral, [
          { step: 'turn_left', frame: { landmarks: face({ nose: 50 }), thumb: thumb(2) } },
          { step: 'blink', frame: { landmarks: face({ eyeGap: 8 }), thumb: thumb(4) } },
          { step: 'open_mouth', frame: { landmarks: face({ mouthGap: 2 }), thumb: thumb(5) } },
        ]),
      ).toEqual(['turn_left', 'blink', 'open_mouth']);
    });
    it('a repeated picture shows no movement, whatever its landmarks say', () => {
      expect(failedSteps(neutral, [{ step: 'turn_left', frame: { landmarks: face({ nose: 120 }), thumb: thumb(1) } }])).toEqual([
        'turn_left',
      ]);
      const same = thumb(7);
      expect(
        failedSteps(neutral, [
          { step: 'turn_left', frame: { landmarks: face({ nose: 120 }), thumb: same } },
          { step: 'open_mouth', frame: { landmarks: face({ mouthGap: 15 }), thumb: same } },
        ]),
      ).toEqual(['turn_left', 'open_mouth']);
    });
  });
});
