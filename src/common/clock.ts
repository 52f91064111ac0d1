import { performance } from 'node:perf_hooks';

/** The one source of "now". Tests replace it to fix or move time. */
export abstract class Clock {
  abstract now(): Date;
  /** Microseconds since the epoch, for audit timestamps. */
  abstract nowMicros(): bigint;
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
  nowMicros(): bigint {
    return BigInt(Math.floor((performance.timeOrigin + performance.now()) * 1000));
  }
}
