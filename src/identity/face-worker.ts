/**
 * One face-analysis worker thread: decodes an image with sharp, finds faces with face-api's tiny
 * detector, and for every face found returns its 68 landmarks and 128-d descriptor. Runs off the
 * event loop (see face-engine.ts). Only erasable TypeScript and package imports here, so Node can
 * run this file as it is (type stripping) under the test runner as well as compiled in dist/.
 *
 * A worker has a role (workerData.role) and loads only the models its role needs:
 * - `all`: the whole analysis of an image;
 * - `detect`: decodes the image and finds the faces, then hands the decoded pixels and the
 *   detections back (transferred, not copied) for a `describe` worker;
 * - `describe`: landmarks and descriptors of the faces another worker found.
 * The split keeps the detector's large working memory (its 416×416 input layers) and the
 * recognition model's packed weights in different WebAssembly heaps, which never shrink: each
 * heap grows to its own peak only (see docs/identity.md). Both paths run the same face-api
 * steps on the same pixels, so the results are the same to the last bit.
 */
import { readlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';

const require = createRequire(import.meta.url);

type Role = 'all' | 'detect' | 'describe';

/** A detection as the structured clone carries it: face-api's FaceDetection with its own fields. */
interface ClonedDetection {
  _box: object;
  _imageDims: object;
}

/** What a `detect` worker hands on: the decoded picture and where its faces are. */
interface Detected {
  width: number;
  height: number;
  thumb: number[];
  pixels: Uint8Array;
  detections: ClonedDetection[];
}

interface Job {
  id: number;
  /** Absent for a `describe` job. */
  image?: Uint8Array;
  /** Add a neutral border first: the detectors miss faces that fill a tight crop (ID photos). */
  pad?: boolean;
  detected?: Detected;
}

/** Camera frames are scaled down to this longest side: detection cost grows with pixels, accuracy does not. */
const MAX_SIDE = 640;
/** Tight crops are scaled up to at least this longest side before padding. */
const MIN_SIDE = 256;
const SCORE_THRESHOLD = 0.5;
const THUMB = 32;

type FaceApi = typeof import('@vladmandic/face-api');
type Sharp = (typeof import('sharp'))['default'];

const options = (workerData ?? {}) as { role?: Role; niceStep?: number };
const role: Role = options.role ?? 'all';

/**
 * Gives the event loop's thread the cores first: on Linux nice is per thread, so this thread (and
 * only it) runs `step` nice steps below the process (19 is the lowest priority). Analyses still use every idle cycle; they only
 * wait while the main thread has work, and a health check or a small request no longer queues
 * behind two busy workers. Where /proc/thread-self is missing or lowering is refused, nothing changes.
 */
function lowerOwnPriority(step: number): void {
  if (step <= 0) return;
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (!Number.isInteger(tid) || tid <= 0) return;
    os.setPriority(tid, Math.min(19, os.getPriority(tid) + step));
  } catch {
    // Not Linux, or not permitted: the thread keeps the process's priority.
  }
}

async function loadSharp(): Promise<Sharp> {
  const sharp = (await import('sharp')).default;
  // libvips would otherwise start a thread per core and keep a 50 MB operation cache in every process.
  sharp.concurrency(1);
  sharp.cache(false);
  return sharp;
}

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
  if (role !== 'describe') await faceapi.nets.tinyFaceDetector.loadFromDisk(models);
  if (role !== 'detect') {
    await faceapi.nets.faceLandmark68Net.loadFromDisk(models);
    await faceapi.nets.faceRecognitionNet.loadFromDisk(models);
  }
  return faceapi;
}

async function decode(sharp: Sharp, bytes: Uint8Array, pad: boolean) {
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
  // A buffer of its own (not a view into a larger one), so it can be transferred to another worker.
  return { pixels: new Uint8Array(data), width: info.width, height: info.height, thumb: Array.from(thumb) };
}

const tensorOf = (faceapi: FaceApi, d: { pixels: Uint8Array; width: number; height: number }) =>
  faceapi.tf.tensor3d(d.pixels, [d.height, d.width, 3], 'int32');

async function detect(faceapi: FaceApi, tensor: ReturnType<typeof tensorOf>) {
  const options = new faceapi.TinyFaceDetectorOptions({ inputSize: 416, scoreThreshold: SCORE_THRESHOLD });
  return faceapi.detectAllFaces(tensor as never, options);
}

/** Landmarks and descriptors of the detected faces: what detectAllFaces(…).withFaceLandmarks().withFaceDescriptors() does after detecting. */
async function describe(faceapi: FaceApi, tensor: ReturnType<typeof tensorOf>, detections: InstanceType<FaceApi['FaceDetection']>[]) {
  const parent = Promise.resolve(detections.map((d) => faceapi.extendWithFaceDetection({}, d)));
  const found = await new faceapi.DetectAllFaceLandmarksTask(parent, tensor as never, false).withFaceDescriptors();
  return found.map((r) => ({
    score: r.detection.score,
    box: [r.detection.box.x, r.detection.box.y, r.detection.box.width, r.detection.box.height],
    landmarks: r.landmarks.positions.map((p) => [p.x, p.y]),
    descriptor: Array.from(r.descriptor),
  }));
}

/** A FaceDetection again, with exactly the numbers the detecting worker found (its fields, not a rescaled box). */
function revive(faceapi: FaceApi, d: ClonedDetection): InstanceType<FaceApi['FaceDetection']> {
  Object.setPrototypeOf(d._box, faceapi.Box.prototype);
  Object.setPrototypeOf(d._imageDims, faceapi.Dimensions.prototype);
  return Object.setPrototypeOf(d, faceapi.FaceDetection.prototype) as InstanceType<FaceApi['FaceDetection']>;
}

async function run(faceapi: FaceApi, sharp: Sharp | undefined, job: Job): Promise<void> {
  if (job.detected) {
    const d = job.detected;
    const tensor = tensorOf(faceapi, d);
    try {
      const faces = await describe(
        faceapi,
        tensor,
        d.detections.map((x) => revive(faceapi, x)),
      );
      parentPort!.postMessage({ id: job.id, result: { width: d.width, height: d.height, faces, thumb: d.thumb } });
    } finally {
      tensor.dispose();
    }
    return;
  }
  let img;
  try {
    img = await decode(sharp!, job.image!, job.pad ?? false);
  } catch (e) {
    parentPort!.postMessage({ id: job.id, error: 'IMAGE_UNREADABLE', message: (e as Error).message });
    return;
  }
  const tensor = tensorOf(faceapi, img);
  try {
    const detections = await detect(faceapi, tensor);
    if (role === 'all') {
      const faces = await describe(faceapi, tensor, detections);
      parentPort!.postMessage({ id: job.id, result: { width: img.width, height: img.height, faces, thumb: img.thumb } });
    } else {
      const detected: Detected = { ...img, detections: detections as unknown as ClonedDetection[] };
      parentPort!.postMessage({ id: job.id, detected }, [img.pixels.buffer]);
    }
  } finally {
    tensor.dispose();
  }
}

async function main() {
  lowerOwnPriority(options.niceStep ?? 10);
  const [faceapi, sharp] = await Promise.all([load(), role === 'describe' ? undefined : loadSharp()]);
  parentPort!.postMessage({ ready: true });
  parentPort!.on('message', async (job: Job) => {
    try {
      await run(faceapi, sharp, job);
    } catch (e) {
      parentPort!.postMessage({ id: job.id, error: 'ENGINE_FAILED', message: (e as Error).message });
    }
  });
}

await main();
