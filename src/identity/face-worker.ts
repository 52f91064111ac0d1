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
 * heap grows to its own peak only (see docs/identity.md). Both paths run the same steps on the
 * same pixels, so the results are the same to the last bit.
 *
 * `lean` (workerData.lean, the default) keeps each heap's peak lower still: @tensorflow/tfjs
 * loads without the packages face-api does not use, and two of face-api's forward passes are
 * replaced by ones that free each layer's input as soon as the layer's output exists (face-api
 * keeps every intermediate tensor of a pass until the pass ends): the tiny detector's (with each
 * convolution, its bias and its leaky ReLU fused into one operation) and the recognition net's
 * (the same operations in the same order, so the same descriptor to the last bit).
 */
import { readlinkSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
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
/** face-api's own typings name a few tfjs functions only; what it binds is @tensorflow/tfjs's namespace. */
type Tf = typeof import('@tensorflow/tfjs');
type Tensor = import('@tensorflow/tfjs').Tensor;
type Tensor4D = import('@tensorflow/tfjs').Tensor4D;
type Tensor1D = import('@tensorflow/tfjs').Tensor1D;

const options = (workerData ?? {}) as { role?: Role; niceStep?: number; lean?: boolean };
const role: Role = options.role ?? 'all';
const lean = options.lean ?? true;

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

/**
 * face-api's node-wasm build requires @tensorflow/tfjs, which loads layers, the graph-model
 * converter, data pipelines and the CPU and WebGL backends besides tfjs-core; face-api uses
 * tfjs-core's operations only (and the Tensor methods the bundle itself adds). Registered as
 * empty modules before the bundle loads, those five cost nothing: 8 MB less live V8 heap
 * (24 → 16 MB) in every worker, and less compiled code.
 */
const UNUSED_TFJS_PACKAGES = [
  '@tensorflow/tfjs-layers',
  '@tensorflow/tfjs-converter',
  '@tensorflow/tfjs-data',
  '@tensorflow/tfjs-backend-cpu',
  '@tensorflow/tfjs-backend-webgl',
];

function skipUnusedTfjsPackages(): void {
  const bundle = createRequire(
    createRequire(require.resolve('@vladmandic/face-api/dist/face-api.node-wasm.js')).resolve('@tensorflow/tfjs'),
  );
  for (const name of UNUSED_TFJS_PACKAGES) {
    const file = bundle.resolve(name);
    const empty = new Module(file);
    empty.filename = file;
    empty.loaded = true;
    require.cache[file] = empty;
  }
}

async function load(): Promise<FaceApi> {
  if (lean) skipUnusedTfjsPackages();
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
  if (lean) {
    const tf = faceapi.tf as unknown as Tf;
    const detector = faceapi.nets.tinyFaceDetector;
    const recognition = faceapi.nets.faceRecognitionNet;
    if (role !== 'describe')
      detector.forwardInput = ((input: NetInput, inputSize: number) =>
        detectorForward(tf, detector.params as never, input, inputSize)) as never;
    if (role !== 'detect')
      recognition.forwardInput = ((input: NetInput) => recognitionForward(tf, recognition.params as never, input)) as never;
  }
  return faceapi;
}

/** What a forward pass gets from face-api: its input as one batch tensor, padded to a square and resized. */
interface NetInput {
  toBatchTensor(inputSize: number, isCenterInputs?: boolean): unknown;
}

/** Disposes a layer's input once its output exists. */
function then<T extends Tensor>(x: Tensor, layer: (x: Tensor) => T): T {
  const y = layer(x);
  x.dispose();
  return y;
}

interface Conv {
  filters: Tensor4D;
  bias: Tensor1D;
}
interface SeparableConv {
  depthwise_filter: Tensor4D;
  pointwise_filter: Tensor4D;
  bias: Tensor1D;
}
interface DetectorParams {
  conv0: Conv;
  conv1: SeparableConv;
  conv2: SeparableConv;
  conv3: SeparableConv;
  conv4: SeparableConv;
  conv5: SeparableConv;
  conv8: Conv;
}

/** face-api's leaky ReLU slope (0.1 as a float32). */
const LEAKY_ALPHA = 0.10000000149011612;
const DETECTOR_MEAN_RGB = [117.001, 114.697, 97.404];

/**
 * The tiny face detector's forward pass (face-api's TinyYolov2Base.runMobilenet with its
 * TinyFaceDetector config), layer by layer. face-api computes a layer as convolution, bias and a
 * leaky ReLU of four operations and keeps every result until the pass ends: at 416×416 about
 * 70 MB at once, most of it the first layer's 414×414×16 outputs. Here each convolution, its bias
 * and its leaky ReLU are one fused operation and a layer's input is freed at once, so the first
 * layer holds one such output. Fusing rounds differently in the last bits (boxes move by < 0.0001 px
 * on the fixture photos; the unit test holds them within 0.001 px of face-api's own pass).
 */
function detectorForward(tf: Tf, p: DetectorParams, input: NetInput, inputSize: number): Tensor4D {
  const conv = (x: Tensor, filter: Tensor4D, bias: Tensor1D, activation: 'leakyrelu' | 'linear' = 'leakyrelu') =>
    tf.fused.conv2d({ x: x as Tensor4D, filter, strides: 1, pad: 'valid', bias, activation, leakyreluAlpha: LEAKY_ALPHA });
  let x: Tensor = input.toBatchTensor(inputSize, false) as Tensor4D;
  x = then(x, (t) => tf.tidy(() => tf.div(tf.sub(t, tf.tensor1d(DETECTOR_MEAN_RGB)), 255)));
  x = then(x, (t) => conv(t, p.conv0.filters, p.conv0.bias));
  x = then(x, (t) => tf.maxPool(t as Tensor4D, 2, 2, 'same'));
  [p.conv1, p.conv2, p.conv3, p.conv4, p.conv5].forEach((c, i) => {
    x = then(x, (t) => tf.depthwiseConv2d(t as Tensor4D, c.depthwise_filter, 1, 'same'));
    x = then(x, (t) => conv(t, c.pointwise_filter, c.bias));
    x = then(x, (t) => tf.maxPool(t as Tensor4D, 2, i < 4 ? 2 : 1, 'same'));
  });
  return then(x, (t) => conv(t, p.conv8.filters, p.conv8.bias, 'linear'));
}

interface ScaledConv {
  conv: Conv;
  scale: { weights: Tensor1D; biases: Tensor1D };
}
interface Residual {
  conv1: ScaledConv;
  conv2: ScaledConv;
}
type RecognitionParams = Record<string, Residual> & { conv32_down: ScaledConv; fc: Tensor };

const RECOGNITION_MEAN_RGB = [122.782, 117.001, 104.298];
const RECOGNITION_LAYERS: [string, 'down' | 'same'][] = [
  ['conv32_1', 'same'],
  ['conv32_2', 'same'],
  ['conv32_3', 'same'],
  ['conv64_down', 'down'],
  ['conv64_1', 'same'],
  ['conv64_2', 'same'],
  ['conv64_3', 'same'],
  ['conv128_down', 'down'],
  ['conv128_1', 'same'],
  ['conv128_2', 'same'],
  ['conv256_down', 'down'],
  ['conv256_1', 'same'],
  ['conv256_2', 'same'],
  ['conv256_down_out', 'down'],
];

/**
 * The recognition net's forward pass (face-api's FaceRecognitionNet.forwardInput): the same
 * operations in the same order, hence the same descriptor to the last bit, with each
 * intermediate tensor freed as soon as the next exists instead of when the pass ends.
 */
function recognitionForward(tf: Tf, p: RecognitionParams, input: NetInput): Tensor {
  const convLayer = (x: Tensor, c: ScaledConv, strides: 1 | 2, relu: boolean, padding: 'same' | 'valid' = 'same') => {
    let out: Tensor = tf.conv2d(x as Tensor4D, c.conv.filters, strides, padding);
    out = then(out, (t) => tf.add(t, c.conv.bias));
    out = then(out, (t) => tf.mul(t, c.scale.weights));
    out = then(out, (t) => tf.add(t, c.scale.biases));
    return relu ? then(out, (t) => tf.relu(t)) : out;
  };
  const residual = (x: Tensor, r: Residual) => {
    let out = convLayer(x, r.conv1, 1, true);
    out = then(out, (t) => convLayer(t, r.conv2, 1, false));
    out = then(out, (t) => tf.add(t, x));
    return then(out, (t) => tf.relu(t));
  };
  const residualDown = (x: Tensor, r: Residual) => {
    let out = convLayer(x, r.conv1, 2, true, 'valid');
    out = then(out, (t) => convLayer(t, r.conv2, 1, false));
    return then(out, (o) =>
      tf.tidy(() => {
        let pooled: Tensor = tf.avgPool(x as Tensor4D, 2, 2, 'valid');
        const zeros = tf.zeros(pooled.shape);
        if (pooled.shape[1] !== o.shape[1] || pooled.shape[2] !== o.shape[2]) {
          const [n, h, w, c] = o.shape as number[];
          o = tf.concat([o, tf.zeros([n, 1, w, c])], 1);
          o = tf.concat([o, tf.zeros([n, h + 1, 1, c])], 2);
        }
        if (pooled.shape[3] !== o.shape[3]) pooled = tf.concat([pooled, zeros], 3);
        return tf.relu(tf.add(pooled, o));
      }),
    );
  };
  let x: Tensor = tf.tidy(() => {
    const batch = tf.cast(input.toBatchTensor(150, true) as Tensor4D, 'float32');
    const [h, w] = [batch.shape[1], batch.shape[2]];
    const mean = tf.concat(
      RECOGNITION_MEAN_RGB.map((v) => tf.fill([batch.shape[0], h, w, 1], v, 'float32')),
      3,
    );
    return tf.div(tf.sub(batch, mean), 255);
  });
  x = then(x, (t) => convLayer(t, p.conv32_down, 2, true, 'valid'));
  x = then(x, (t) => tf.maxPool(t as Tensor4D, 3, 2, 'valid'));
  for (const [name, kind] of RECOGNITION_LAYERS) x = then(x, (t) => (kind === 'down' ? residualDown(t, p[name]) : residual(t, p[name])));
  x = then(x, (t) => tf.mean(t, [1, 2]));
  return then(x, (t) => tf.matMul(t as import('@tensorflow/tfjs').Tensor2D, p.fc as import('@tensorflow/tfjs').Tensor2D));
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

/** The pixels as int32, kept between images (see tensorOf). */
let widened = new Int32Array(0);

/**
 * The image as an int32 tensor. tfjs would widen the bytes into a new Int32Array for every image
 * (3.7 MB for a 640×480 frame) and copy that into the WebAssembly heap; freed memory of that size
 * stays with the thread's malloc arena, so the widening goes through one array this worker keeps.
 */
function tensorOf(faceapi: FaceApi, d: { pixels: Uint8Array; width: number; height: number }) {
  if (widened.length < d.pixels.length) widened = new Int32Array(d.pixels.length);
  const values = widened.subarray(0, d.pixels.length);
  values.set(d.pixels);
  return faceapi.tf.tensor3d(values, [d.height, d.width, 3], 'int32');
}

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
