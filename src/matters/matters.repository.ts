import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** The matters module's raw SQL (rows are read and written through TypeORM's `Matter` repository). Methods run in the caller's transaction. */
@Injectable()
export class MattersRepository {
  /** Holds the catalogue's lock until the transaction ends, so that instances starting together seed it once. */
  async lockCatalogue(m: EntityManager): Promise<void> {
    await m.query(`SELECT pg_advisory_xact_lock(hashtext('matter-catalogue'))`);
  }
}
