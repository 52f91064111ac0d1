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

  it('refuses bytes that are not a JPEG or PNG', async () => {
    await expect(engine.analyse(Buffer.from('GIF89a not really'))).rejects.toBeInstanceOf(ImageUnreadableError);
    const blank = await read('negatives/blank.png');
    await expect(engine.analyse(blank.subarray(0, 40))).rejects.toBeInstanceOf(ImageUnreadableError);
  });
});
