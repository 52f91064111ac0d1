/**
 * Checks every request body, query and path parameter before class-transformer sees it:
 * class-transformer recurses once per level (a body nested ~3,000 deep overflows the stack),
 * PostgreSQL refuses NUL in text ("invalid byte sequence"), and the audit log's RFC 8785
 * canonicalizer refuses unpaired UTF-16 surrogates. Each would otherwise surface as a 500.
 * Keys named `__proto__`, `constructor` or `prototype` are refused at any depth: class-transformer
 * reads `value.constructor` while converting and fails on an object whose own `constructor` is
 * not a function, and such keys are the usual way into prototype pollution. No DTO has a field
 * of these names. The walk is iterative, so the check itself cannot overflow.
 */

/** Deepest object/array nesting a request may carry; the deepest DTO in the API uses 4. */
export const MAX_INPUT_DEPTH = 32;

/**
 * `JSON.parse` makes `__proto__` an ordinary own property (it does not set the prototype), so
 * `Object.keys` sees it; the check runs on the parsed value before anything copies it.
 */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export interface InputProblem {
  field: string;
  problem: string;
}

const isContainer = (v: unknown): v is Record<string, unknown> | unknown[] => {
  if (Array.isArray(v)) return true;
  if (typeof v !== 'object' || v === null) return false;
  const proto = Object.getPrototypeOf(v);
  // Plain JSON objects, express's null-prototype query objects, and DTO instances after transform.
  // Buffers (raw bodies) and Dates carry no user strings to walk.
  return !(v instanceof Uint8Array) && !(v instanceof Date) && proto !== undefined;
};

// With the u flag a paired surrogate is one astral code point; only unpaired halves match \p{Cs}.
const LONE_SURROGATE = /\p{Cs}/u;

/** The first reason a string cannot be stored or canonicalized, or null. */
export function stringProblem(s: string): string | null {
  if (s.includes('\u0000')) return 'must not contain the NUL character (U+0000)';
  if (LONE_SURROGATE.test(s)) return 'must not contain an unpaired UTF-16 surrogate';
  return null;
}

/** The first problem found in a request value, or null. Numbers must be finite and exactly representable. */
export function findInputProblem(value: unknown, root: string): InputProblem | null {
  const stack: Array<{ v: unknown; path: string; depth: number }> = [{ v: value, path: root, depth: 0 }];
  while (stack.length > 0) {
    const { v, path, depth } = stack.pop()!;
    if (typeof v === 'string') {
      const p = stringProblem(v);
      if (p) return { field: path, problem: p };
    } else if (typeof v === 'number') {
      if (!Number.isFinite(v) || Math.abs(v) > Number.MAX_SAFE_INTEGER) {
        return { field: path, problem: `must be a number between ${-Number.MAX_SAFE_INTEGER} and ${Number.MAX_SAFE_INTEGER}` };
      }
    } else if (isContainer(v)) {
      if (depth >= MAX_INPUT_DEPTH) return { field: path, problem: `is nested deeper than ${MAX_INPUT_DEPTH} levels` };
      for (const [k, child] of Object.entries(v)) {
        const keyProblem = stringProblem(k);
        const childPath = path ? `${path}.${k}` : k;
        if (keyProblem) return { field: path || '(root)', problem: `has a field name that ${keyProblem}` };
        if (FORBIDDEN_KEYS.has(k))
          return { field: childPath, problem: `is a field name no request may use (${[...FORBIDDEN_KEYS].join(', ')})` };
        stack.push({ v: child, path: childPath, depth: depth + 1 });
      }
    }
  }
  return null;
}
