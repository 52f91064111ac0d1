/**
 * One face-analysis worker thread: decodes an image with sharp, finds faces with face-api's tiny
 * detector, and for a single face returns its 68 landmarks and 128-d descriptor. Runs off the
 * event loop (see face-engine.ts). Only erasable TypeScript and package imports here, so Node can
 * run this file as it is (type stripping) under the test runner as well as compiled in dist/.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { parentPort } from 'node:worker_threads';
import sharp from 'sharp';

const require = createRequire(import.meta.url);

// libvips would otherwise start a thread per core and keep a 50 MB operation cache in every process.
sharp.concurrency(1);
sharp.cache(false);

interface Job {
  id: number;
  image: Uint8Array;
  /** Add a neutral border first: the detectors miss faces that fill a tight crop (ID photos). */
  pad: boolean;
}

/** Camera frames are scaled down to this longest side: detection cost grows with pixels, accuracy does not. */
const MAX_SIDE = 640;
/** Tight crops are scaled up to at least this longest side before padding. */
const MIN_SIDE = 256;
const SCORE_THRESHOLD = 0.5;
const THUMB = 32;

type FaceApi = typeof import('@vladmandic/face-api');

async function load(): Promise<FaceApi> {
  // The node-wasm build binds @tensorflow/tfjs and the WASM backend (no native TensorFlow).
  const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js') as FaceApi;
  const wasm = require('@tensorflow/tfjs-backend-wasm') as { setWasmPaths(p: string): void; setThreadsCount(n: number): void };
  wasm.setWasmPaths(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + path.sep);
  const tf = faceapi.tf as unknown as { setBackend(name: string): Promise<boolean>; ready(): Promise<void> };
  // One thread per worker: the pool's size is the unit of CPU the service takes (two cores in all are
  // shared with the other CPU-heavy pools), and a second level of threads would only oversubscribe them.
  wasm.setThreadsCount(1);
  await tf.setBackend('wasm');
  await tf.ready();
  const models = path.join(path.dirname(require.resolve('@vladmandic/face-api/package.json')), 'model');
  await faceapi.nets.tinyFaceDetector.loadFromDisk(models);
  await faceapi.nets.faceLandmark68Net.loadFromDisk(models);
  await faceapi.nets.faceRecognitionNet.loadFromDisk(models);
  return faceapi;
}

async function decode(bytes: Uint8Array, pad: boolean) {
  const meta = await sharp(bytes).metadata();
  if (meta.format !== 'jpeg' && meta.format !== 'png')
    throw Object.assign(new Error(`unsupported format ${meta.format}`), { code: 'IMAGE_UNREADABLE' });
  let img = sharp(bytes).rotate().removeAlpha().toColourspace('srgb');
  const { width = 0, height = 0 } = meta.autoOrient ?? meta;
  const longest = Math.max(width, height);
  if (longest > MAX_SIDE)
    img = img.resize({ width: width >= height ? MAX_SIDE : undefined, height: height > width ? MAX_SIDE : undefined });
  else if (pad && longest < MIN_SIDE)
    img = img.resize({ width: width >= height ? MIN_SIDE : undefined, height: height > width ? MIN_SIDE : undefined });
  if (pad) {
    const scaled = await img.toBuffer({ resolveWithObject: true });
    const border = Math.round(Math.max(scaled.info.width, scaled.info.height) / 2);
    img = sharp(scaled.data).extend({ top: border, bottom: border, left: border, right: border, background: { r: 128, g: 128, b: 128 } });
  }
  const { data, info } = await img.raw().toBuffer({ resolveWithObject: true });
  // A 32×32 grey thumbnail, for telling a repeated picture from a new one (duplicate frames).
  const thumb = await sharp(data, { raw: { width: info.width, height: info.height, channels: 3 } })
    .greyscale()
    .resize(THUMB, THUMB, { fit: 'fill' })
    .raw()
    .toBuffer();
  return { data, width: info.width, height: info.height, thumb: Array.from(thumb) };
}

async function main() {
  const faceapi = await load();
  parentPort!.postMessage({ ready: true });
  parentPort!.on('message', async (job: Job) => {
    try {
      let img;
      try {
        img = await decode(job.image, job.pad);
      } catch (e) {
        parentPort!.postMessage({ id: job.id, error: 'IMAGE_UNREADABLE', message: (e as Error).message });
        return;
      }
      const tensor = faceapi.tf.tensor3d(new Uint8Array(img.data), [img.height, img.width, 3], 'int32');
      try {
        const options = new faceapi.TinyFaceDetectorOptions({ inputSize: 416, scoreThreshold: SCORE_THRESHOLD });
        const found = await faceapi
          .detectAllFaces(tensor as never, options)
          .withFaceLandmarks()
          .withFaceDescriptors();
        const faces = found.map((r) => ({
          score: r.detection.score,
          box: [r.detection.box.x, r.detection.box.y, r.detection.box.width, r.detection.box.height],
          landmarks: r.landmarks.positions.map((p) => [p.x, p.y]),
          descriptor: Array.from(r.descriptor),
        }));
        parentPort!.postMessage({
          id: job.id,
          result: { width: img.width, height: img.height, faces, thumb: img.thumb },
        });
      } finally {
        tensor.dispose();
      }
    } catch (e) {
      parentPort!.postMessage({ id: job.id, error: 'ENGINE_FAILED', message: (e as Error).message });
    }
  });
}

await main();
