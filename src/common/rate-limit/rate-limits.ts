import { Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { LeasedLimit } from './leased-limit.js';
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

/** One counted limit: at most `points` attempts per key within `windowSeconds` (fixed window from the first attempt). */
export interface LimitRule {
  /** Unique per limit; the prefix of its keys in the store. */
  name: string;
  points: number;
  windowSeconds: number;
}

/** Where the counters live. Shared stores (PostgreSQL, Redis) make a limit hold across instances and restarts. */
export type RateLimitStore = { kind: 'postgres'; pool: unknown } | { kind: 'redis'; client: unknown } | { kind: 'memory' };

/** Table of migration 1764300001000-RateLimits; every limit shares it, keys are prefixed by the limit's name. */
export const RATE_LIMIT_TABLE = 'rate_limits';

/** Keys are hashed: people type passwords into username fields, and the store is not the place for them. */
const keyOf = (parts: readonly string[]) => createHash('sha256').update(parts.join('\u0000')).digest('base64url');

/**
 * A limit whose attempts are RESERVED before the slow check they guard (argon2, a query, a
 * PDF): the store increments atomically (an upsert in PostgreSQL, a Lua script in Redis), so
 * 40 parallel wrong passwords against a limit of 5 give 5 checks and 35 refusals, on every
 * instance that shares the store.
 */
export class Limit {
  constructor(
    readonly rule: LimitRule,
    private readonly limiter: RateLimiterAbstract,
  ) {}

  /**
   * Takes one attempt for `key` (one or more parts, e.g. username and address).
   * Returns undefined when granted, or the seconds to wait when the limit is used up.
   */
  async reserve(...key: string[]): Promise<number | undefined> {
    try {
      await this.limiter.consume(keyOf(key), 1);
      return undefined;
    } catch (res) {
      if (res instanceof RateLimiterRes) return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
      throw res;
    }
  }

  /**
   * Takes up to `n` attempts for `key` in one store round trip. Returns how many were granted (all
   * `n`, or what was left of the window when fewer, possibly 0) and the milliseconds until the
   * window ends. A refused take still adds `n` to the store's count, but only once the limit is
   * used up: nothing more can be granted in that window anyway.
   */
  async take(n: number, ...key: string[]): Promise<{ granted: number; msBeforeNext: number }> {
    try {
      const res = await this.limiter.consume(keyOf(key), n);
      return { granted: n, msBeforeNext: res.msBeforeNext };
    } catch (res) {
      if (!(res instanceof RateLimiterRes)) throw res;
      return { granted: Math.max(0, Math.min(n, this.rule.points - (res.consumedPoints - n))), msBeforeNext: res.msBeforeNext };
    }
  }

  /** Gives back one reserved attempt (the guarded action succeeded or did not count). */
  async release(...key: string[]): Promise<void> {
    await this.limiter.reward(keyOf(key), 1);
  }

  /** Forgets the key's count (e.g. after a successful sign-in from that address). */
  async reset(...key: string[]): Promise<void> {
    await this.limiter.delete(keyOf(key));
  }
}

/** The one rate-limit provider: hands out limits on the configured store. */
export class RateLimits {
  private readonly log = new Logger('RateLimits');
  private readonly limits = new Map<string, Limit>();
  private readonly leasedLimits = new Map<string, LeasedLimit>();

  constructor(
    readonly store: RateLimitStore,
    private readonly close: () => Promise<void> = async () => undefined,
  ) {}

  /** The limit for `rule`; one instance per name (asking twice with other numbers is a bug). */
  limit(rule: LimitRule): Limit {
    const known = this.limits.get(rule.name);
    if (known) {
      if (known.rule.points !== rule.points || known.rule.windowSeconds !== rule.windowSeconds) {
        throw new Error(`rate limit ${rule.name} defined twice with different numbers`);
      }
      return known;
    }
    const opts = { keyPrefix: rule.name, points: rule.points, duration: rule.windowSeconds };
    let limiter: RateLimiterAbstract;
    switch (this.store.kind) {
      case 'postgres':
        // The table comes from a migration; no timer of the library's own (expired rows are
        // overwritten by the next attempt and swept by `sweep`).
        limiter = new RateLimiterPostgres({
          ...opts,
          storeClient: this.store.pool,
          storeType: 'pool',
          tableName: RATE_LIMIT_TABLE,
          tableCreated: true,
          clearExpiredByTimeout: false,
        });
        break;
      case 'redis':
        limiter = new RateLimiterRedis({
          ...opts,
          storeClient: this.store.client,
          useRedisPackage: true,
          keyPrefix: `remote-notary:rl:${rule.name}`,
        });
        break;
      case 'memory':
        limiter = new RateLimiterMemory(opts);
        break;
    }
    const limit = new Limit(rule, limiter);
    this.limits.set(rule.name, limit);
    this.log.debug(`limit ${rule.name}: ${rule.points} per ${rule.windowSeconds} s in ${this.store.kind}`);
    return limit;
  }

  /** The limit for `rule` read through this process's leases of at most `maxLease` attempts (LeasedLimit); one per name. */
  leased(rule: LimitRule, maxLease: number): LeasedLimit {
    const limit = this.limit(rule);
    const known = this.leasedLimits.get(rule.name);
    if (known) {
      if (known.maxLease !== maxLease) throw new Error(`rate limit ${rule.name} leased twice with different sizes`);
      return known;
    }
    const leased = new LeasedLimit(limit, maxLease);
    this.leasedLimits.set(rule.name, leased);
    return leased;
  }

  async shutdown(): Promise<void> {
    await this.close();
  }
}
