// Names this Jest run, so that the medium tests' per-worker databases (test/medium/support.ts)
// are this run's alone and global-teardown.mjs finds them. Workers inherit the environment.
export default function setup() {
  process.env.MEDIUM_RUN ??= `${Date.now().toString(36)}${process.pid}`;
}
