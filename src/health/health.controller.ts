import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import { Public } from '../auth/auth.decorators.js';
import { HealthResponse } from './health.response.js';
import { ApiErrors, ErrorResponse } from '../common/error.response.js';

const DB_TIMEOUT_MS = 2000;

@ApiTags('health')
@ApiErrors()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    private readonly db: DataSource,
  ) {}

  /** 200 `{ status: "ok", info: { database: … } }`, or 503 when the database does not answer. */
  @Get()
  @Public()
  // Documented here rather than by Terminus, whose swagger hook depends on how the module loads.
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  @ApiOkResponse({ type: HealthResponse, description: 'Every dependency is up' })
  @ApiServiceUnavailableResponse({ type: ErrorResponse, description: 'A dependency is down: code UNHEALTHY, details the health report' })
  check(): Promise<HealthResponse> {
    return this.health.check([() => this.database()]);
  }

  private async database(): Promise<HealthIndicatorResult> {
    const check = this.indicator.check('database');
    const started = performance.now();
    try {
      await Promise.race([
        this.db.query('SELECT 1'),
        new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer within ${DB_TIMEOUT_MS} ms`)), DB_TIMEOUT_MS).unref()),
      ]);
      return check.up({ latencyMs: Math.round(performance.now() - started) });
    } catch (err) {
      return check.down({ message: err instanceof Error ? err.message : String(err) });
    }
  }
}
