/** The parts of an OpenAPI 3 document the contract checks read. */
export interface OpenApiDoc {
  paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema?: object }> }> }>>;
  components?: { schemas?: Record<string, unknown> };
}

const METHODS = ['get', 'put', 'post', 'patch', 'delete', 'head', 'options'];

/** `METHOD /path` of every operation whose 2xx answers describe no body schema (none documented, or none with content). */
export function operationsWithoutSuccessSchema(doc: OpenApiDoc): string[] {
  const missing: string[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!METHODS.includes(method)) continue;
      const ok = Object.entries(op.responses ?? {}).some(
        ([status, r]) => /^2\d\d$/.test(status) && Object.values(r.content ?? {}).some((c) => c.schema && Object.keys(c.schema).length > 0),
      );
      if (!ok) missing.push(`${method.toUpperCase()} ${path}`);
    }
  }
  return missing;
}
