import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/**
 * The audit log's figures the metrics read at scrape time (the audit module has no read of them
 * yet; bookings and sessions are counted by their own modules' repositories).
 */
@Injectable()
export class MetricsRepository {
  constructor(private readonly db: DataSource) {}

  /** Age of the oldest audit entry not yet in a signed checkpoint; 0 when the log is up to date. */
  async auditIntegrationLagSeconds(): Promise<number | undefined> {
    const [r] = (await this.db.query(
      'SELECT coalesce(extract(epoch FROM clock_timestamp() - min(occurred_at)), 0)::float8 AS s FROM audit_entries WHERE leaf_index IS NULL',
    )) as { s: number }[];
    return r?.s;
  }

  async auditEntries(): Promise<number | undefined> {
    const [r] = (await this.db.query('SELECT count(*)::float8 AS n FROM audit_entries')) as { n: number }[];
    return r?.n;
  }
}
