import { Ajv, type ValidateFunction } from 'ajv';
import type { OpenApiDoc } from './openapi.js';

type Schema = Record<string, unknown>;

/**
 * Checks real JSON answers against the response schemas of the app's own OpenAPI document, so
 * that the generated client types cannot trust a shape the server never sends: a field the DTO
 * lacks, a missing required field or a wrong type is a mismatch. Object schemas with properties
 * are closed (no additional properties) unless the document says otherwise.
 */
export class ResponseContract {
  private readonly ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  private readonly compiled = new Map<string, ValidateFunction | null>();

  constructor(private readonly doc: OpenApiDoc) {
    for (const [name, schema] of Object.entries(doc.components?.schemas ?? {})) {
      this.ajv.addSchema(closed(schema as Schema), `#/components/schemas/${name}`);
    }
  }

  /** Mismatches of one answer ([] when it fits), or undefined when the document has no JSON schema for it. */
  check(route: string, status: number, body: unknown): string[] | undefined {
    const [method, expressPath] = route.split(' ');
    const path = expressPath.replace(/:(\w+)/g, '{$1}');
    const key = `${method} ${path} ${status}`;
    if (!this.compiled.has(key)) {
      const op = this.doc.paths[path]?.[method.toLowerCase()];
      const schema = op?.responses?.[String(status)]?.content?.['application/json']?.schema as Schema | undefined;
      this.compiled.set(key, schema ? this.ajv.compile(closed(schema)) : null);
    }
    const validate = this.compiled.get(key);
    if (!validate) return undefined;
    if (validate(body)) return [];
    return (validate.errors ?? []).map((e) => {
      const extra = (e.params as { additionalProperty?: string }).additionalProperty;
      return `${e.instancePath || '/'} ${extra ? `has "${extra}", which the schema lacks` : e.message}`;
    });
  }
}

/** JSON Schema from an OpenAPI 3.0 schema, with every object that lists properties closed to others. */
function closed(schema: Schema): Schema {
  const walk = (s: unknown): unknown => {
    if (Array.isArray(s)) return s.map(walk);
    if (!s || typeof s !== 'object') return s;
    const out: Schema = {};
    for (const [k, v] of Object.entries(s))
      out[k] = k === 'properties' ? Object.fromEntries(Object.entries(v as Schema).map(([p, ps]) => [p, walk(ps)])) : walk(v);
    if (out.properties && out.additionalProperties === undefined && !out.allOf && !out.oneOf && !out.anyOf)
      out.additionalProperties = false;
    // OpenAPI 3.0's `nullable` beside `allOf: [$ref]` (how Nest writes a nullable DTO): null, or the schema.
    if (out.nullable === true) {
      const { nullable: _, ...rest } = out;
      return { anyOf: [{ type: 'null' }, rest] };
    }
    return out;
  };
  return walk(schema) as Schema;
}
