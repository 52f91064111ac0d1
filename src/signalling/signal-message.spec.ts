import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { z } from 'zod';
import { checkSignal, jsonBytesBound, MAX_SIGNAL_BYTES } from './signal-message.js';

/** The schema checkSignal replaced (written out by hand for speed): both must agree on every input. */
const reference = z
  .object({
    to: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
    description: z.object({ type: z.enum(['offer', 'answer', 'pranswer']), sdp: z.string() }).optional(),
    candidate: z
      .object({
        candidate: z.string(),
        sdpMid: z.string().nullish(),
        sdpMLineIndex: z.number().int().min(0).max(65535).nullish(),
        usernameFragment: z.string().nullish(),
      })
      .nullable()
      .optional(),
  })
  .refine((s) => (s.description === undefined) !== (s.candidate === undefined));

const to = 'Lrn4vddRhliGeN6F';

describe('checkSignal', () => {
  it('accepts a description, a candidate, or end-of-candidates, and keeps only their fields', () => {
    expect(checkSignal({ to, description: { type: 'offer', sdp: 'v=0', x: 1 } })).toEqual({
      ok: true,
      signal: { to, description: { type: 'offer', sdp: 'v=0' } },
    });
    expect(
      checkSignal({ to, candidate: { candidate: 'candidate:1', sdpMid: '0', sdpMLineIndex: 0, usernameFragment: null, y: 2 }, z: 3 }),
    ).toEqual({
      ok: true,
      signal: { to, candidate: { candidate: 'candidate:1', sdpMid: '0', sdpMLineIndex: 0, usernameFragment: null } },
    });
    expect(checkSignal({ to, candidate: null })).toEqual({ ok: true, signal: { to, candidate: null } });
  });

  it('names the field that is wrong', () => {
    expect(checkSignal({ to, description: { type: 'offer' } })).toMatchObject({
      ok: false,
      code: 'INVALID_MESSAGE',
      message: expect.stringMatching(/^description\.sdp/),
    });
    expect(checkSignal({ to: 'a b', candidate: null })).toMatchObject({ code: 'INVALID_MESSAGE', message: expect.stringMatching(/^to/) });
    expect(checkSignal({ to })).toMatchObject({ code: 'INVALID_MESSAGE' });
    expect(checkSignal(undefined)).toMatchObject({ code: 'INVALID_MESSAGE' });
  });

  it('measures the size as JSON bytes, so multi-byte text counts in full', () => {
    const overhead = JSON.stringify({ to, description: { type: 'offer', sdp: '' } }).length;
    const fits = { to, description: { type: 'offer', sdp: 'a'.repeat(MAX_SIGNAL_BYTES - overhead) } };
    expect(checkSignal(fits)).toMatchObject({ ok: true });
    expect(checkSignal({ ...fits, description: { type: 'offer', sdp: fits.description.sdp + 'a' } })).toMatchObject({
      code: 'MESSAGE_TOO_LARGE',
    });
    // 3 bytes each in UTF-8: a third of the characters reach the limit
    expect(checkSignal({ to, description: { type: 'offer', sdp: '证'.repeat(MAX_SIGNAL_BYTES / 3) } })).toMatchObject({
      code: 'MESSAGE_TOO_LARGE',
    });
  });

  it('counts at least the JSON bytes of anything a JSON parse makes, escapes and astral text included', () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.string({ unit: fc.constantFrom('\u0000', '\u001f', '"', '\\', '\ud800', '证', '😀') }),
    );
    const json = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        text,
        fc.double(),
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie('value')),
        fc.dictionary(text, tie('value')),
      ),
    })).value;
    fc.assert(
      fc.property(json, (v) => {
        const parsed: unknown = JSON.parse(JSON.stringify(v));
        expect(jsonBytesBound(parsed, Infinity)).toBeGreaterThanOrEqual(Buffer.byteLength(JSON.stringify(parsed)));
      }),
      { numRuns: 3000, seed: 20261206 },
    );
    for (const smallest of ['', [], {}, 0, null, true])
      expect(jsonBytesBound(smallest, Infinity)).toBeGreaterThanOrEqual(JSON.stringify(smallest).length);
    // Not what a JSON parse makes: the caller measures it exactly.
    expect(jsonBytesBound({ to, data: Buffer.from('x') }, Infinity)).toBe(Infinity);
  });

  it('refuses a function for a payload, and measures exactly what the cheap count cannot (a binary part)', () => {
    expect(checkSignal(() => undefined)).toMatchObject({ ok: false, code: 'INVALID_MESSAGE' });
    // A Buffer goes into JSON as {"type":"Buffer","data":[0,0,…]}: 2 bytes a byte here, over the limit.
    expect(checkSignal({ to, candidate: null, blob: Buffer.alloc(40_000) })).toMatchObject({ ok: false, code: 'MESSAGE_TOO_LARGE' });
    expect(checkSignal({ to, candidate: null, blob: Buffer.alloc(1_000) })).toMatchObject({ ok: true });
  });

  it('decides the size as the exact count would, just under, at and over the limit, in any script', () => {
    const overhead = JSON.stringify({ to, description: { type: 'offer', sdp: '' } }).length;
    for (const [unit, bytes] of [
      ['a', 1],
      ['"', 2],
      ['\u0001', 6],
      ['证', 3],
      ['😀', 4],
    ] as const) {
      for (const delta of [-1, 0, 1]) {
        const sdp = unit.repeat(Math.floor((MAX_SIGNAL_BYTES - overhead) / bytes) + delta);
        const body = { to, description: { type: 'offer', sdp } };
        const fits = Buffer.byteLength(JSON.stringify(body)) <= MAX_SIGNAL_BYTES;
        expect(checkSignal(body).ok).toBe(fits);
      }
    }
  });

  it('accepts, refuses and passes on exactly what the zod schema it replaced did', () => {
    const anything = fc.oneof(
      fc.string({ maxLength: 8 }),
      fc.constantFrom('offer', 'answer', 'pranswer', 'rollback', to, 'a b', '', 'x'.repeat(65)),
      fc.integer({ min: -2, max: 70_000 }),
      fc.constantFrom(0.5, -0, 1e308, Number.NaN),
      fc.boolean(),
      fc.constant(null),
      fc.constant([]),
      fc.constant({}),
    );
    const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(fc.oneof(arb, anything), { nil: undefined });
    const candidate = fc.oneof(
      fc.constant(null),
      fc.record(
        {
          candidate: maybe(fc.string()),
          sdpMid: maybe(fc.string()),
          sdpMLineIndex: maybe(fc.nat(70_000)),
          usernameFragment: maybe(fc.string()),
          extra: anything,
        },
        { requiredKeys: [] },
      ),
      anything,
    );
    const description = fc.oneof(
      fc.record(
        { type: maybe(fc.constantFrom('offer', 'answer', 'pranswer', 'rollback')), sdp: maybe(fc.string()), extra: anything },
        { requiredKeys: [] },
      ),
      anything,
    );
    const body = fc.oneof(
      fc.record(
        { to: maybe(fc.constantFrom(to, 'a-b_C9', 'x'.repeat(64))), description, candidate, extra: anything },
        { requiredKeys: [] },
      ),
      anything,
    );
    fc.assert(
      fc.property(body, (b) => {
        // As it arrives: socket.io's parser hands over what JSON.parse made of the client's JSON.
        const input: unknown = JSON.parse(JSON.stringify(b) ?? 'null');
        const mine = checkSignal(input);
        const theirs = reference.safeParse(input);
        expect(mine.ok).toBe(theirs.success);
        if (mine.ok && theirs.success) {
          const { to: t, description: d, candidate: c } = theirs.data;
          expect(mine.signal).toStrictEqual(d !== undefined ? { to: t, description: d } : { to: t, candidate: c ?? null });
        } else if (!mine.ok) expect(mine.code).toBe('INVALID_MESSAGE');
      }),
      { numRuns: 2000, seed: 20261206 },
    );
  });
});
