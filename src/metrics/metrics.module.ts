import { createServer, type Server } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import { Inject, Logger, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { BookingModule } from '../booking/booking.module.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { MetricsEndpointMiddleware } from './metrics.endpoint.js';
import { HttpMetricsMiddleware } from './metrics.middleware.js';
import { MetricsService } from './metrics.service.js';

/**
 * Mounts the request timer and GET /metrics on the Express app ahead of everything else, so that
 * routes outside the `api` prefix (/health, /verify/:id) are timed too; Nest's own middleware
 * binding would only see prefixed paths.
 */
export function useMetrics(app: INestApplication): void {
  for (const type of [HttpMetricsMiddleware, MetricsEndpointMiddleware]) {
    const m = app.get(type);
    app.use(m.use.bind(m));
  }
}

/** Prometheus metrics: `GET /metrics` with METRICS_TOKEN, and/or a plain listener on METRICS_PORT. */
@Module({
  // The session and audit figures come from SessionsRepository and AuditRepository, which their modules provide globally.
  imports: [BookingModule],
  providers: [MetricsService, HttpMetricsMiddleware, MetricsEndpointMiddleware],
  exports: [MetricsService],
})
export class MetricsModule implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('Metrics');
  private server?: Server;

  constructor(
    private readonly metrics: MetricsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.metricsPort === undefined) return;
    // Only the scraper should reach this port: it listens on METRICS_HOST (loopback by default).
    const server = createServer((req, res) => {
      if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
        res.writeHead(404).end();
        return;
      }
      this.metrics.registry.metrics().then(
        (text) => res.writeHead(200, { 'Content-Type': this.metrics.registry.contentType }).end(text),
        (err: unknown) => {
          this.log.error(err instanceof Error ? err.stack : String(err));
          res.writeHead(500).end();
        },
      );
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.config.metricsPort, this.config.metricsHost, () => resolve());
    });
    this.server = server;
  }

  /** The bound address of the METRICS_PORT listener (port 0 picks a free one), if any. */
  address(): { host: string; port: number } | undefined {
    const a = this.server?.address();
    return a && typeof a === 'object' ? { host: a.address, port: a.port } : undefined;
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
