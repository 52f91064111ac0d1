import { existsSync } from 'node:fs';
import path from 'node:path';
import { RequestMethod, type INestApplication } from '@nestjs/common';
import { NestFactory, Reflector } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { AppModule } from './app.module.js';
import type { Clock } from './common/clock.js';
import { PROJECT_ROOT } from './common/paths.js';
import { BodyReader } from './common/http-body.js';
import { InputGuardInterceptor, validationPipe } from './common/validation.js';
import { useMetrics } from './metrics/metrics.module.js';
import { openApiDocument } from './openapi.js';
import { SignallingIoAdapter } from './signalling/socket-adapter.js';
import type { AppConfig } from './config/config.js';
import { VERIFY_FONT_PREFIX } from './certificate/verify-page.js';

const built = path.join(PROJECT_ROOT, 'client-demo/dist');
const DEMO_DIR = existsSync(built) ? built : path.join(PROJECT_ROOT, 'client-demo/public');
const FONT_DIR = path.join(PROJECT_ROOT, 'node_modules/@fontsource/noto-sans-sc');

export interface CreateAppOptions {
  /** Where structured logs go (stdout by default); tests capture them. */
  logStream?: DestinationStream;
  /** Replaces the system clock (tests move time). */
  clock?: Clock;
}

/** Builds the whole HTTP application; shared by main.ts, the tests and the benchmarks. */
export async function createApp(config: AppConfig, opts: CreateAppOptions = {}): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, opts.logStream, opts.clock), {
    bufferLogs: true,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  app.set('trust proxy', config.trustProxy);
  useMetrics(app);
  // No body parser here: each route reads its body after routing and its guards (common/http-body.ts).
  // helmet writes the headers it built once when every directive is a string, so the middleware is
  // built for the card reader's address and built again should that change (the tests change it).
  let secured: { for: string | null; use: RequestHandler } | undefined;
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (secured?.for !== config.cardReaderUrl) secured = { for: config.cardReaderUrl, use: securityHeaders(config.cardReaderUrl) };
    secured.use(req, res, next);
  });
  app.setGlobalPrefix('api', {
    exclude: [
      { path: 'health', method: RequestMethod.GET },
      { path: '.well-known/{*path}', method: RequestMethod.GET },
      { path: 'verify/:id', method: RequestMethod.GET },
      { path: 'verify-assets/{*path}', method: RequestMethod.GET },
      // The evidence log's C2SP paths: checkpoint, tiles, verifier key (and the witnesses' keys).
      { path: 'log/checkpoint', method: RequestMethod.GET },
      { path: 'log/verifier-key', method: RequestMethod.GET },
      { path: 'log/witnesses', method: RequestMethod.GET },
      { path: 'log/tile/{*path}', method: RequestMethod.GET },
    ],
  });
  app.useGlobalPipes(validationPipe);
  // The body is read first, so that the input guard sees it.
  app.useGlobalInterceptors(new BodyReader(app.get(Reflector), config), new InputGuardInterceptor());
  app.useWebSocketAdapter(await SignallingIoAdapter.create(app, config));
  // The bundled Noto Sans SC for the server-rendered QR verify page: from this origin, since a
  // phone without CJK fonts shows boxes, and the CSP allows fonts from 'self' only.
  app.useStaticAssets(FONT_DIR, { prefix: VERIFY_FONT_PREFIX, fallthrough: false, maxAge: '7d' });
  // The client demo, served from the same origin as the API. Its files are never under /api/: an
  // API request skips it (a file-system look-up per request, ~9 % of a slots request's time).
  const demo = express.static(DEMO_DIR, { index: 'index.html', fallthrough: true });
  app.use((req: Request, res: Response, next: NextFunction) => (req.path.startsWith('/api/') ? next() : demo(req, res, next)));

  const doc = openApiDocument(app);
  SwaggerModule.setup('api/docs', app, doc, { jsonDocumentUrl: 'api/docs-json' });
  return app;
}

/** helmet's headers, with the Content-Security-Policy the API, Swagger UI and the client demo need. */
function securityHeaders(cardReaderUrl: string | null): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      directives: {
        // Swagger UI and the demo use inline styles; scripts stay same-origin only. The point's
        // console runs its face guidance (TensorFlow.js) as WebAssembly compiled from our own origin.
        'script-src': ["'self'", "'wasm-unsafe-eval'"],
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:', 'blob:'],
        'media-src': ["'self'", 'blob:'],
        // The notary's certificate draft, shown inline from a blob: URL (fetched with the bearer token).
        'frame-src': ["'self'", 'blob:'],
        // The point's console reads the ID card from the reader's local service (CARD_READER_URL), if set.
        'connect-src': ["'self'", ...(cardReaderUrl ? [new URL(cardReaderUrl).origin] : [])],
      },
    },
  }) as RequestHandler;
}
