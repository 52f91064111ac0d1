import { performance } from 'node:perf_hooks';

/** The one source of "now". Tests replace it to fix or move time. */
export abstract class Clock {
  abstract now(): Date;
  /** Milliseconds since the epoch, without a Date (the relay reads it for every message). */
  nowMs(): number {
    return this.now().getTime();
  }
  /** Microseconds since the epoch, for audit timestamps. */
  abstract nowMicros(): bigint;
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
  override nowMs(): number {
    return Date.now();
  }
  nowMicros(): bigint {
    return BigInt(Math.floor((performance.timeOrigin + performance.now()) * 1000));
  }
}

/**
 * For tests and demos: starts at a chosen instant and runs at real speed from there;
 * `advance` jumps ahead (e.g. past a grace period).
 */
export class ShiftedClock extends Clock {
  private offsetMs: number;

  constructor(start: Date) {
    super();
    this.offsetMs = start.getTime() - Date.now();
  }

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  nowMicros(): bigint {
    return BigInt(Math.floor((performance.timeOrigin + performance.now() + this.offsetMs) * 1000));
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }
}
