import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT } from './build-client.js';

const made: string[] = [];

/** Removes the clips made so far (tens of megabytes each): call once the browsers are closed. */
export function removeFakeCameraClips(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/**
 * A clip for Chromium's fake camera (`--use-file-for-fake-video-capture`), which otherwise shows a
 * test pattern with no face in it. Made with ffmpeg at test time from the face fixtures
 * (test/fixtures/faces/README.md: public-domain photos; the pose frames are synthetic), each
 * picture held `secondsEach`, fitted into 640×480 on grey, at `fps`; Chromium loops the file.
 * Raw Y4M is large (450 KB a frame), so it goes to a temporary directory, never into the repository.
 */
export function fakeCameraClip(pictures: string[], secondsEach = 1, fps = 15): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'fake-camera-'));
  const out = path.join(dir, 'camera.y4m');
  made.push(dir);
  const inputs = pictures.flatMap((p) => ['-loop', '1', '-t', String(secondsEach), '-i', path.join(ROOT, 'test/fixtures/faces', p)]);
  const fit = `scale=640:480:force_original_aspect_ratio=decrease,pad=640:480:(ow-iw)/2:(oh-ih)/2:color=0x808080,setsar=1,fps=${fps},format=yuv420p`;
  const filter = `${pictures.map((_, i) => `[${i}:v]${fit}[v${i}]`).join(';')};${pictures.map((_, i) => `[v${i}]`).join('')}concat=n=${pictures.length}:v=1:a=0[out]`;
  execFileSync('ffmpeg', ['-v', 'error', '-y', ...inputs, '-filter_complex', filter, '-map', '[out]', '-pix_fmt', 'yuv420p', out]);
  return out;
}
