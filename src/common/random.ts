import { randomBytes, randomInt } from 'node:crypto';

/** Random codes and secrets. Tests replace it to predict a code. */
export abstract class Random {
  abstract bytes(n: number): Buffer;
  abstract int(maxExclusive: number): number;
}

export class CryptoRandom extends Random {
  bytes(n: number): Buffer {
    return randomBytes(n);
  }
  int(maxExclusive: number): number {
    return randomInt(maxExclusive);
  }
}
