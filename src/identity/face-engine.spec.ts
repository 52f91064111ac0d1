import { readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { FaceEngine, ImageUnreadableError } from './face-engine.js';
import { descriptorDistance } from './face-metrics.js';
import { PROJECT_ROOT } from '../common/paths.js';

const FACES = path.join(PROJECT_ROOT, 'test/fixtures/faces');
const read = (p: string) => readFile(path.join(FACES, p));

describe('FaceEngine (face-api on WASM in worker threads)', () => {
  const engine = new FaceEngine(2);
  afterAll(() => engine.close());

  it('finds one face with 68 landmarks and a 128-d descriptor; the same person is near, another far', async () => {
    const [id, frame, other] = await Promise.all([
      engine.analyse(await read('id-photos/obama-id.jpg'), true),
      engine.analyse(await read('frames/neutral.jpg')),
      engine.analyse(await read('people/biden/biden-2010-blue-room.jpg')),
    ]);
    for (const a of [id, frame, other]) {
      expect(a.faces).toHaveLength(1);
      expect(a.faces[0].landmarks).toHaveLength(68);
      expect(a.faces[0].descriptor).toHaveLength(128);
    }
    expect(descriptorDistance(id.faces[0].descriptor, frame.faces[0].descriptor)).toBeLessThan(0.6);
    expect(descriptorDistance(id.faces[0].descriptor, other.faces[0].descriptor)).toBeGreaterThan(0.6);
  });

  it('counts no face in a blank image and two in a composed one', async () => {
    expect((await engine.analyse(await read('negatives/blank.png'))).faces).toHaveLength(0);
    expect((await engine.analyse(await read('negatives/two-faces.jpg'))).faces).toHaveLength(2);
  });

  it('splits two workers into a detecting and a describing stage, whose results are the one-worker pool’s to the last bit', async () => {
    const single = new FaceEngine(1);
    try {
      const images: [string, boolean][] = [
        ['id-photos/obama-id.jpg', true],
        ['frames/turn_left.jpg', false],
        ['negatives/two-faces.jpg', false],
        ['negatives/blank.png', false],
      ];
      for (const [file, pad] of images) {
        const bytes = await read(file);
        const [split, whole] = await Promise.all([engine.analyse(bytes, pad), single.analyse(bytes, pad)]);
        expect(split).toEqual(whole);
      }
      expect(engine.layout.sort()).toEqual(['describe', 'detect']);
      expect(single.layout).toEqual(['all']);
    } finally {
      await single.close();
    }
  });

  it('finds with its lean forward passes what face-api’s own passes find: boxes and landmarks within 0.001 px, descriptors within 1e-4', async () => {
    const own = new FaceEngine(2, { lean: false });
    try {
      const images: [string, boolean][] = [
        ['id-photos/obama-id.jpg', true],
        ['frames/open_mouth.jpg', false],
        ['negatives/two-faces.jpg', false],
        ['negatives/blank.png', false],
      ];
      for (const [file, pad] of images) {
        const bytes = await read(file);
        const [leanResult, ownResult] = await Promise.all([engine.analyse(bytes, pad), own.analyse(bytes, pad)]);
        expect(leanResult.faces).toHaveLength(ownResult.faces.length);
        leanResult.faces.forEach((face, i) => {
          const other = ownResult.faces[i];
          expect(Math.abs(face.score - other.score)).toBeLessThan(1e-4);
          face.box.forEach((v, k) => expect(Math.abs(v - other.box[k])).toBeLessThan(1e-3));
          face.landmarks.forEach(([x, y], k) => {
            expect(Math.abs(x - other.landmarks[k][0])).toBeLessThan(1e-3);
            expect(Math.abs(y - other.landmarks[k][1])).toBeLessThan(1e-3);
          });
          expect(descriptorDistance(face.descriptor, other.descriptor)).toBeLessThan(1e-4);
        });
        expect(leanResult.thumb).toEqual(ownResult.thumb);
      }
    } finally {
      await own.close();
    }
  });

  it('runs its workers below the priority of the thread that serves requests', async () => {
    await engine.warm();
    const niceOf = (task: string) => Number(readFileSync(`/proc/self/task/${task}/stat`, 'utf8').split(') ')[1].split(' ')[16]);
    const main = niceOf(String(process.pid));
    const comm = (task: string) => readFileSync(`/proc/self/task/${task}/comm`, 'utf8').trim();
    const workers = readdirSync('/proc/self/task').filter((t) => comm(t) === 'WorkerThread');
    expect(workers.length).toBeGreaterThanOrEqual(2);
    expect(workers.map(niceOf)).toEqual(workers.map(() => Math.min(19, main + 10)));
  });

  it('refuses bytes that are not a JPEG or PNG', async () => {
    await expect(engine.analyse(Buffer.from('GIF89a not really'))).rejects.toBeInstanceOf(ImageUnreadableError);
    const blank = await read('negatives/blank.png');
    await expect(engine.analyse(blank.subarray(0, 40))).rejects.toBeInstanceOf(ImageUnreadableError);
  });
});
