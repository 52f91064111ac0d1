/**
 * The session recording a test, the benchmarks or the drills upload before approval (approval
 * needs a finished recording). Free of Jest, so that bench/ and drills/ can import it from dist.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './process.js';

/** A real 2-second WebM (VP8 video, Opus audio; made once with ffmpeg's testsrc and sine sources). */
export const RECORDING_WEBM = path.join(ROOT, 'test/fixtures/recording.webm');
/** Its duration as ffprobe reads it. */
export const RECORDING_DURATION_MS = 2008;

/** The fixture WebM cut into `parts` byte chunks, as MediaRecorder would hand them over. */
export function recordingChunks(parts = 3): Buffer[] {
  const webm = readFileSync(RECORDING_WEBM);
  const size = Math.ceil(webm.length / parts);
  return Array.from({ length: parts }, (_, i) => webm.subarray(i * size, (i + 1) * size));
}

/**
 * Uploads the fixture recording of a session in a few chunks and finishes it, as the point's
 * console does. `t` is a test app or the base URL of a running server. Returns the finish manifest.
 */
export async function uploadRecording(t: { url: string } | string, token: string, sessionId: string) {
  const base = typeof t === 'string' ? t : t.url;
  const headers = { Authorization: `Bearer ${token}` };
  const chunks = recordingChunks();
  for (const [seq, chunk] of chunks.entries()) {
    const res = await fetch(`${base}/api/sessions/${sessionId}/recordings?seq=${seq}`, {
      method: 'POST',
      headers: { ...headers, 'Content-Type': 'application/octet-stream' },
      body: new Uint8Array(chunk),
    });
    if (res.status !== 201) throw new Error(`recording chunk ${seq} → ${res.status} ${await res.text()}`);
  }
  const res = await fetch(`${base}/api/sessions/${sessionId}/recordings/finish`, {
    method: 'POST',
    headers: { ...headers, 'Content-Type': 'application/json' },
    body: JSON.stringify({ chunkCount: chunks.length, durationMs: RECORDING_DURATION_MS }),
  });
  if (res.status !== 201) throw new Error(`recording finish → ${res.status} ${await res.text()}`);
  return (await res.json()) as {
    sessionId: string;
    chunkCount: number;
    bytes: number;
    durationMs: number;
    finalHash: string;
    manifestSha256: string;
    finishedAt: string;
  };
}
