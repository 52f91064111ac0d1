// Generates client-demo/src/api-types.ts from the service's OpenAPI document, offline: the Nest
// application is created (on an embedded PGlite in a temporary directory) but never listens.
//   npm run client:types            write the file
//   npm run client:types -- --check fail when the committed file differs from the document
// test/client-types.e2e-spec.ts runs the same comparison in the test suite.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import * as prettier from 'prettier';

export const ROOT = fileURLToPath(new URL(import.meta.url.includes('/dist/') ? '../..' : '..', import.meta.url));
export const API_TYPES = path.join(ROOT, 'client-demo/src/api-types.ts');

const HEADER = `/**
 * Generated from the service's OpenAPI document by \`npm run client:types\` (scripts/client-types.ts).
 * Do not edit: change the response DTOs (src/<module>/dto/*.response.ts) and regenerate.
 */

`;

/** The TypeScript of an OpenAPI document (openapi-typescript), formatted as the repository formats. */
export async function clientTypes(doc: object): Promise<string> {
  const ast = await openapiTS(JSON.parse(JSON.stringify(doc)) as Parameters<typeof openapiTS>[0], { alphabetize: false });
  const options = (await prettier.resolveConfig(API_TYPES)) ?? {};
  return prettier.format(HEADER + astToString(ast), { ...options, filepath: API_TYPES });
}

/** The document of a created, never listening application. */
export async function serviceDocument(): Promise<object> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'notary-openapi-'));
  try {
    const [{ createApp }, { loadConfig }, { openApiDocument }] = await Promise.all([
      import('../src/app.factory.js'),
      import('../src/config/config.js'),
      import('../src/openapi.js'),
    ]);
    const { Writable } = await import('node:stream');
    const silent = new Writable({ write: (_c, _e, done) => done() });
    const app = await createApp(loadConfig({ DATA_DIR: dataDir, SEED_DEMO: 'false', LOG_LEVEL: 'silent' }), { logStream: silent });
    try {
      return openApiDocument(app);
    } finally {
      await app.close();
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const generated = await clientTypes(await serviceDocument());
  const committed = await readFile(API_TYPES, 'utf8').catch(() => '');
  if (check) {
    if (generated !== committed) {
      process.stderr.write(`${path.relative(ROOT, API_TYPES)} is stale: run npm run client:types and commit it.\n`);
      process.exit(1);
    }
    process.stdout.write(`${path.relative(ROOT, API_TYPES)} matches the OpenAPI document.\n`);
  } else if (generated !== committed) {
    await writeFile(API_TYPES, generated);
    process.stdout.write(`wrote ${path.relative(ROOT, API_TYPES)}\n`);
  } else {
    process.stdout.write(`${path.relative(ROOT, API_TYPES)} is up to date.\n`);
  }
  process.exit(0);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  });
}
