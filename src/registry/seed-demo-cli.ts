/**
 * `npm run seed:demo`: loads the demo data (Zhenjiang, Danyang, its notary office, 6 points)
 * into DATABASE_URL or the embedded database in DATA_DIR (stop the service first: PGlite is
 * single-process) and prints the demo logins. Running it again changes nothing.
 */
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../app.module.js';
import { loadConfig } from '../config/config.js';
import { DemoSeedService } from './demo-seed.service.js';

const config = { ...loadConfig(), logLevel: 'warn' as const, seedDemo: false };
const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: ['error', 'warn'] });
try {
  const logins = await app.get(DemoSeedService).seed();
  console.log('Demo data loaded (illustrative township codes and addresses). Logins:');
  console.table(logins);
} finally {
  await app.close();
}
