import { DynamicModule, Module, RequestMethod } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { AuditModule } from './audit/audit.module.js';
import { AuthModule } from './auth/auth.module.js';
import type { Clock } from './common/clock.js';
import { CommonModule } from './common/common.module.js';
import { RateLimitModule } from './common/rate-limit/rate-limit.module.js';
import { ErrorFilter } from './common/error.filter.js';
import { ConfigModule } from './config/config.module.js';
import type { AppConfig } from './config/config.js';
import { DatabaseModule } from './database/database.module.js';
import { HealthModule } from './health/health.module.js';
import { IdentityModule } from './identity/identity.module.js';
import { BookingModule } from './booking/booking.module.js';
import { CertificateModule } from './certificate/certificate.module.js';
import { MattersModule } from './matters/matters.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { RegistryModule } from './registry/registry.module.js';
import { SessionModule } from './session/session.module.js';
import { SignallingModule } from './signalling/signalling.module.js';
import { StorageModule } from './storage/storage.module.js';
import { StatsModule } from './stats/stats.module.js';

/** What must never reach a log line, wherever it appears in a request. */
export const LOG_REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.accessToken',
  '*.token',
  '*.idNumber',
];

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, logStream?: DestinationStream, clock?: Clock): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot({
          // One route for everything, prefixed or not (the default logs excluded paths twice).
          forRoutes: [{ path: '{*splat}', method: RequestMethod.ALL }],
          pinoHttp: [
            {
              level: config.logLevel,
              redact: { paths: LOG_REDACT, censor: '[redacted]' },
              // Query strings may carry codes; log the path only.
              serializers: {
                req: (req: { method: string; url: string; id: unknown }) => ({
                  id: req.id,
                  method: req.method,
                  path: req.url.split('?')[0],
                }),
                res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
              },
              customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
            },
            logStream ?? process.stdout,
          ],
        }),
        CommonModule.forRoot(clock),
        DatabaseModule.forRoot(),
        StorageModule,
        RateLimitModule,
        AuditModule,
        AuthModule,
        HealthModule,
        RegistryModule,
        MattersModule,
        BookingModule,
        SessionModule,
        IdentityModule,
        CertificateModule,
        StatsModule,
        SignallingModule,
        MetricsModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: ErrorFilter }],
    };
  }
}
