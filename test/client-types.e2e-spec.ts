import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { API_TYPES, clientTypes } from '../scripts/client-types.js';
import { startTestApp, type TestApp } from './support/app.js';

describe('client-demo/src/api-types.ts', () => {
  let t: TestApp;
  let doc: { paths: Record<string, unknown>; components: { schemas: Record<string, unknown> } };

  beforeAll(async () => {
    t = await startTestApp();
    doc = (await t.http().get('/api/docs-json').expect(200)).body;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('is what openapi-typescript makes of the served OpenAPI document (run npm run client:types when this fails)', async () => {
    expect(await clientTypes(doc)).toBe(await readFile(API_TYPES, 'utf8'));
  });

  it('changes when a response schema changes, so a stale file is caught', async () => {
    const schemas = { ...doc.components.schemas, BookingView: { type: 'object', properties: { id: { type: 'string' } } } };
    const changed = await clientTypes({ ...doc, components: { ...doc.components, schemas } });
    expect(changed).not.toBe(await readFile(API_TYPES, 'utf8'));
  });
});
