import type { Server } from 'node:http';
import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Request, Response } from 'express';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';

/**
 * The HTTP server's own bounds: Node's request and header timeouts cut a request whose headers or
 * body stall; at shutdown, idle keep-alive connections close at once and the rest after the
 * grace, so that a stalled client cannot hold the process. And every unknown path is answered
 * without reading its body.
 */
@Injectable()
export class HttpServerBounds implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private cut?: NodeJS.Timeout;

  constructor(
    private readonly host: HttpAdapterHost,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private get server(): Server | undefined {
    return this.host.httpAdapter?.getHttpServer() as Server | undefined;
  }

  /** Runs after Nest has added its routes and its not-found handler (for the `api` prefix only). */
  onApplicationBootstrap(): void {
    const server = this.server;
    if (server) {
      server.requestTimeout = this.config.httpRequestTimeoutMs;
      server.headersTimeout = this.config.httpHeadersTimeoutMs;
    }
    // Anything else would reach Express's final handler, which reads the whole body before its 404.
    this.host.httpAdapter?.use((req: Request, res: Response) => {
      res.status(404).json({ statusCode: 404, code: 'NOT_FOUND', message: `Cannot ${req.method} ${req.path}` });
    });
  }

  /** Before the server is closed (Nest then waits for its connections to end). */
  beforeApplicationShutdown(): void {
    const server = this.server;
    if (!server) return;
    server.closeIdleConnections();
    this.cut = setTimeout(() => server.closeAllConnections(), this.config.shutdownGraceMs);
  }

  onApplicationShutdown(): void {
    clearTimeout(this.cut);
  }
}
