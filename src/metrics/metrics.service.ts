import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { AuditRepository } from '../audit/audit.repository.js';
import { BookingRepository } from '../booking/booking.repository.js';
import { SessionsRepository } from '../session/sessions.repository.js';
import { SignallingService } from '../signalling/signalling.service.js';

/** The pg.Pool behind TypeORM's PostgreSQL driver (counts only). */
interface PoolCounts {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

/**
 * Prometheus metrics of one instance, in a registry of its own (several apps in one process,
 * as in the tests, must not share counters). Request-path metrics are observed as they happen;
 * database-derived ones (bookings, sessions, audit head, pool) are read at scrape time, from the
 * owning modules' repositories, so no business service needs a hook for them.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  readonly httpDuration = new Histogram({
    name: 'notary_http_request_duration_seconds',
    help: 'HTTP request latency by method, route pattern and status code',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly certificateIssuance = new Histogram({
    name: 'notary_certificate_issuance_seconds',
    help: 'Time to approve a session and issue its certificate (number, PDF, signature, storage): successful POST /api/sessions/:id/approve',
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
    registers: [this.registry],
  });

  constructor(
    private readonly db: DataSource,
    private readonly moduleRef: ModuleRef,
    audit: AuditRepository,
    bookings: BookingRepository,
    sessions: SessionsRepository,
  ) {
    collectDefaultMetrics({ register: this.registry, prefix: 'notary_' });
    // prom-client calls collect() with the metric as `this`; these reach the service.
    const read = <T>(figure: () => Promise<T>) => this.read(figure);
    const dataSource = this.db;
    const signalling = () => this.signalling();
    new Gauge({
      name: 'notary_audit_integration_lag_seconds',
      help: 'Age of the oldest committed audit entry not yet in a signed checkpoint (0 when the log is up to date), read at scrape time',
      registers: [this.registry],
      async collect() {
        this.set((await read(() => audit.integrationLagSeconds())) ?? 0);
      },
    });
    new Gauge({
      name: 'notary_bookings',
      help: 'Bookings and walk-in requests by status (outcome), read from the database at scrape time',
      labelNames: ['kind', 'status'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const r of (await read(() => bookings.countByKindAndStatus(dataSource.manager))) ?? []) {
          this.set({ kind: r.kind, status: r.status }, r.n);
        }
      },
    });
    new Gauge({
      name: 'notary_sessions',
      help: 'Video sessions by state, read from the database at scrape time',
      labelNames: ['state'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const r of (await read(() => sessions.countByStatus())) ?? []) {
          this.set({ state: r.status }, r.n);
        }
      },
    });
    new Gauge({
      name: 'notary_audit_entries',
      help: 'Entries in the audit log, integrated or pending',
      registers: [this.registry],
      async collect() {
        const n = await read(() => audit.count());
        if (n !== undefined) this.set(n);
      },
    });
    new Gauge({
      name: 'notary_db_pool_connections',
      help: 'Database pool connections by state (total, idle, waiting requests)',
      labelNames: ['state'] as const,
      registers: [this.registry],
      collect() {
        const pool = (dataSource.driver as unknown as { master?: PoolCounts }).master;
        if (!pool) return;
        this.set({ state: 'total' }, pool.totalCount);
        this.set({ state: 'idle' }, pool.idleCount);
        this.set({ state: 'waiting' }, pool.waitingCount);
      },
    });
    new Gauge({
      name: 'notary_signalling_peers',
      help: 'Sockets connected to /signalling on this instance',
      registers: [this.registry],
      collect() {
        this.set(signalling()?.stats.peers() ?? 0);
      },
    });
    new Counter({
      name: 'notary_signalling_relayed_messages_total',
      help: 'Signals (offers, answers, candidates) relayed to a peer by this instance',
      registers: [this.registry],
      collect() {
        const relayed = signalling()?.stats.relayed ?? 0;
        this.reset();
        this.inc(relayed);
      },
    });
  }

  /** Database-derived metrics go missing rather than failing the scrape when the database is down. */
  private async read<T>(figure: () => Promise<T>): Promise<T | undefined> {
    try {
      return await figure();
    } catch {
      return undefined;
    }
  }

  private signalling(): SignallingService | undefined {
    try {
      return this.moduleRef.get(SignallingService, { strict: false });
    } catch {
      return undefined;
    }
  }

  /** Called when a response has been sent. `route` is the matched pattern, never the raw path. */
  observeHttp(method: string, route: string, status: number, seconds: number): void {
    this.httpDuration.observe({ method, route, status: String(status) }, seconds);
    if (method === 'POST' && route === '/api/sessions/:id/approve' && status < 300) this.certificateIssuance.observe(seconds);
  }
}
