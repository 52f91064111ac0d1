// Jest test environment that fails a test file which leaves a child process or a listening
// server behind. Such a leak keeps Jest from exiting, and on CI a hang runs into the job's
// time limit; failing the file names the culprit instead. (Timers and client sockets are
// caught by `--detectOpenHandles` runs and `forceExit`; they do not outlive the process.)
import { setTimeout as sleep } from 'node:timers/promises';
import { TestEnvironment } from 'jest-environment-node';

const WATCHED = ['ProcessWrap', 'TCPServerWrap', 'PipeServerWrap'];

function tally() {
  const counts = new Map();
  for (const kind of process.getActiveResourcesInfo()) {
    if (WATCHED.includes(kind)) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  return counts;
}

function grown(before, after) {
  return [...after].filter(([kind, n]) => n > (before.get(kind) ?? 0)).map(([kind, n]) => `${n - (before.get(kind) ?? 0)} × ${kind}`);
}

export default class LeakGuardEnvironment extends TestEnvironment {
  async setup() {
    await super.setup();
    this.before = tally();
  }

  async teardown() {
    // Handles closed in afterAll may take a few ticks to go; a real leak stays.
    let leaked = grown(this.before, tally());
    for (let i = 0; leaked.length > 0 && i < 50; i++) {
      await sleep(100);
      leaked = grown(this.before, tally());
    }
    await super.teardown();
    if (leaked.length > 0) {
      throw new Error(`this test file left running: ${leaked.join(', ')} (close it in afterAll/finally)`);
    }
  }
}
