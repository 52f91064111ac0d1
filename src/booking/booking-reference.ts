import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { DomainError, unprocessable } from '../common/errors.js';
import { Matter } from '../matters/matter.entity.js';
import { MattersService } from '../matters/matters.service.js';
import { PointsService } from '../registry/points.service.js';
import type { Point } from '../registry/registry.entities.js';
import { BookingReferenceRepository, type NotaryPlanRow } from './booking-reference.repository.js';

export type NotaryRef = NotaryPlanRow;

/** What a booking at one point needs to know that is not a booking. */
export interface PointRef {
  point: Point;
  officeName: string;
  /** Enabled notaries of the point's office. */
  notaries: NotaryRef[];
  /** The point's bookable places (active seats, or active keys when it has no seat), oldest first. */
  terminalIds: string[];
  version: number;
}

/** Thrown out of a booking transaction when its statement saw a newer reference version; the caller reloads and retries. */
export class StaleReference extends Error {
  constructor(readonly version: number) {
    super(`booking reference data changed (version ${version})`);
  }
}

/**
 * Points, their office, notaries' schedules, terminals and matters, cached in the process.
 * Triggers bump `booking_reference_version` in the same transaction as any change to them
 * (migration 1764300000900); every hot booking statement returns that version, and an entry
 * older than a version seen is dropped. So invalidation reaches every instance without a
 * listening connection (embedded PGlite has only one) and cannot be lost.
 */
@Injectable()
export class BookingReference {
  private seen = 0;
  private readonly points = new Map<string, PointRef>();
  private matters?: { version: number; byCode: Map<string, Matter> };

  constructor(
    private readonly db: DataSource,
    private readonly registry: PointsService,
    private readonly catalogue: MattersService,
    private readonly repository: BookingReferenceRepository,
  ) {}

  /** Records the version a statement saw; entries older than it are reloaded on next use. */
  observe(version: number | string): void {
    const v = Number(version);
    if (v > this.seen) this.seen = v;
  }

  fresh(version: number): boolean {
    return version >= this.seen;
  }

  /**
   * Runs checks made on cached data. A refusal they raise is confirmed against the current
   * version first: when the reference data changed since, StaleReference (the caller's
   * `retrying` reloads and runs again) instead of a 4xx drawn from an old copy. Costs one
   * statement, on the refusal path only.
   */
  async confirmed<T>(checks: () => Promise<T>, m: EntityManager = this.db.manager): Promise<T> {
    const since = this.seen;
    try {
      return await checks();
    } catch (err) {
      if (err instanceof DomainError && (await this.version(m)) > since) throw new StaleReference(this.seen);
      throw err;
    }
  }

  /** The point, 404 POINT_NOT_FOUND when unknown (checked against the database on a miss). */
  async point(pointId: string, m: EntityManager = this.db.manager): Promise<PointRef> {
    const hit = this.points.get(pointId);
    if (hit && this.fresh(hit.version)) return hit;
    const version = await this.version(m);
    const point = await this.registry.require(pointId, m);
    const officeName = await this.repository.officeName(m, point.officeId);
    const notaries = await this.repository.notaryPlans(m, point.officeId);
    // A point's seats are its bookable places; a point without seats books on its signing terminals.
    const terminalIds = await this.repository.bookableTerminals(m, point.id);
    const ref: PointRef = { point, officeName, notaries, terminalIds, version };
    this.points.set(pointId, ref);
    return ref;
  }

  /** A point that takes bookings: 422 POINT_SUSPENDED otherwise. */
  async bookable(pointId: string, m?: EntityManager): Promise<PointRef> {
    const ref = await this.point(pointId, m);
    if (ref.point.status !== 'active')
      throw unprocessable('POINT_SUSPENDED', `${ref.point.name} is suspended and takes no bookings. 该服务点暂停服务。`);
    return ref;
  }

  /** An enabled matter (any, with `enabled` false); the catalogue's own errors (404, 422 never-remote or disabled) otherwise. */
  async matter(code: string, m: EntityManager = this.db.manager, enabled = true): Promise<Matter & { version: number }> {
    if (!this.matters || !this.fresh(this.matters.version)) {
      const version = await this.version(m);
      const all = await m.getRepository(Matter).find();
      this.matters = { version, byCode: new Map(all.map((x) => [x.code, x])) };
    }
    const hit = this.matters.byCode.get(code);
    // A miss or a disabled matter goes to the catalogue, which throws its own error (or knows better).
    const matter =
      hit && (hit.enabled || !enabled) ? hit : enabled ? await this.catalogue.requireEnabled(code) : await this.catalogue.get(code, m);
    return { ...matter, version: this.matters.version };
  }

  private async version(m: EntityManager): Promise<number> {
    const version = await this.repository.version(m);
    this.observe(version);
    return Number(version);
  }
}
