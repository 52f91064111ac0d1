import { timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { ErrorBody } from '../common/error.filter.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { MetricsService } from './metrics.service.js';

/**
 * `GET /metrics` on the API port, for a scraper holding METRICS_TOKEN (`Authorization: Bearer …`,
 * what Prometheus's `authorization` scrape setting sends). A middleware rather than a controller:
 * the staff-token guard would read the same header as a staff token. Without METRICS_TOKEN the
 * request falls through to the ordinary 404; METRICS_PORT serves the same text on a port of its own.
 */
@Injectable()
export class MetricsEndpointMiddleware implements NestMiddleware {
  constructor(
    private readonly metrics: MetricsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  use(req: Request, res: Response, next: NextFunction): void {
    const token = this.config.metricsToken;
    if (!token || req.method !== 'GET' || req.originalUrl.split('?')[0] !== '/metrics') return next();
    const given = Buffer.from(/^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '');
    const expected = Buffer.from(token);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      const body: ErrorBody = {
        statusCode: 401,
        code: 'METRICS_TOKEN_INVALID',
        message: 'GET /metrics needs Authorization: Bearer <METRICS_TOKEN>.',
      };
      res.status(401).json(body);
      return;
    }
    this.metrics.registry.metrics().then((text) => res.setHeader('Content-Type', this.metrics.registry.contentType).send(text), next);
  }
}
