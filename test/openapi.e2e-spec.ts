import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { operationsWithoutSuccessSchema, type OpenApiDoc } from './support/openapi.js';
import { ResponseContract } from './support/response-contract.js';
import { startTestApp, type TestApp } from './support/app.js';

describe('OpenAPI document: response contracts', () => {
  let t: TestApp;
  let doc: OpenApiDoc & {
    paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }> }>>;
  };

  beforeAll(async () => {
    t = await startTestApp();
    doc = (await t.http().get('/api/docs-json').expect(200)).body;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('the check names an operation whose 2xx answer has no schema', () => {
    const fake: OpenApiDoc = {
      paths: {
        '/a': { get: { responses: { '200': { content: { 'application/json': { schema: { type: 'string' } } } } } } },
        '/b': {
          post: { responses: { '201': { content: {} }, default: { content: { 'application/json': { schema: { type: 'object' } } } } } },
        },
        '/c': { get: { responses: { '200': {} } }, parameters: {} as never },
      },
    };
    expect(operationsWithoutSuccessSchema(fake)).toEqual(['POST /b', 'GET /c']);
  });

  it('every operation describes its 2xx response body', () => {
    const ops = Object.values(doc.paths).flatMap((item) => Object.keys(item));
    expect(ops.length).toBeGreaterThan(50);
    expect(operationsWithoutSuccessSchema(doc)).toEqual([]);
  });

  it('every operation documents the { statusCode, code, message } error shape', () => {
    const schema = doc.components?.schemas?.ErrorResponse as { required?: string[] } | undefined;
    expect(schema?.required).toEqual(expect.arrayContaining(['statusCode', 'code', 'message']));
    const without = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([, op]) => op.responses?.default?.content?.['application/json']?.schema?.$ref !== '#/components/schemas/ErrorResponse')
        .map(([method]) => `${method.toUpperCase()} ${path}`),
    );
    expect(without).toEqual([]);
  });

  it('a JSON route names its response class, and a file route its media type', () => {
    const ref = (p: string, m: string, s: string) => doc.paths[p][m].responses?.[s]?.content?.['application/json']?.schema;
    expect(ref('/api/bookings/{id}', 'get', '200')).toEqual({ $ref: '#/components/schemas/BookingView' });
    expect(ref('/api/bookings', 'post', '201')).toEqual({ $ref: '#/components/schemas/CreatedBooking' });
    expect(doc.paths['/api/certificates/{id}/pdf'].get.responses?.['200']?.content).toHaveProperty('application/pdf');
  });

  it('the response check refuses a field the DTO lacks, a missing required field and an unexpected null', async () => {
    const contract = new ResponseContract(doc);
    const matter = (await t.http().get('/api/matters/declaration').expect(200)).body as Record<string, unknown>;
    expect(contract.check('GET /api/matters/:code', 200, matter)).toEqual([]);
    expect(contract.check('GET /api/matters/:code', 200, { ...matter, leaked: 'x' })).toEqual(['/ has "leaked", which the schema lacks']);
    const { code: _, ...withoutCode } = matter;
    expect(contract.check('GET /api/matters/:code', 200, withoutCode)).toEqual(["/ must have required property 'code'"]);
    expect(contract.check('GET /api/matters/:code', 200, { ...matter, code: null })).toEqual(['/code must be string']);
    // A route with no JSON schema for the status is not judged.
    expect(contract.check('GET /api/matters/:code', 299, matter)).toBeUndefined();
  });
});
