import { describe, expect, it } from '@jest/globals';
import {
  canonicalEncoding,
  ChainVerifier,
  entryHash,
  formatMicros,
  GENESIS_HASH,
  type AuditEntry,
  type AuditRecord,
} from './audit-encoding.js';

function chain(n: number): AuditEntry[] {
  const out: AuditEntry[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const rec: AuditRecord = {
      seq,
      occurredAt: formatMicros(1_764_300_000_000_000n + BigInt(seq)),
      actor: 'system',
      action: 'test.appended',
      subjectType: 'thing',
      subjectId: `t${seq}`,
      payload: { n: seq, 名: '公证' },
      prevHash: prev,
    };
    const e = { ...rec, hash: entryHash(rec) };
    out.push(e);
    prev = e.hash;
  }
  return out;
}

function verify(entries: AuditEntry[], remembered?: { seq: number; hash: string }) {
  const v = new ChainVerifier(remembered);
  entries.forEach((e) => v.push(e));
  const last = entries.at(-1);
  return v.result(last ? { seq: last.seq, hash: last.hash } : { seq: 0, hash: GENESIS_HASH });
}

describe('canonical encoding', () => {
  it('is RFC 8785 JSON with sorted keys, microsecond UTC time and literal UTF-8', () => {
    const rec: AuditRecord = {
      seq: 7,
      occurredAt: '2026-11-28T04:05:06.123456Z',
      actor: 'user:1',
      action: 'booking.created',
      subjectType: 'booking',
      subjectId: 'b1',
      payload: { z: 1, a: [true, null, 1.5], 名: '公证' },
      prevHash: GENESIS_HASH,
    };
    expect(canonicalEncoding(rec).toString('utf8')).toBe(
      '{"action":"booking.created","actor":"user:1","occurredAt":"2026-11-28T04:05:06.123456Z",' +
        '"payload":{"a":[true,null,1.5],"z":1,"名":"公证"},"prevHash":"' +
        GENESIS_HASH +
        '","seq":7,"subjectId":"b1","subjectType":"booking","v":1}',
    );
  });

  it('does not depend on the order in which payload keys were written', () => {
    const [e] = chain(1);
    const reordered = { ...e, payload: { 名: '公证', n: 1 } };
    expect(entryHash(reordered)).toBe(e.hash);
  });

  it('keeps null subject fields distinct from the strings "null" and ""', () => {
    const [e] = chain(1);
    const hashes = new Set([
      entryHash({ ...e, subjectId: null }),
      entryHash({ ...e, subjectId: 'null' }),
      entryHash({ ...e, subjectId: '' }),
    ]);
    expect(hashes.size).toBe(3);
  });

  it('formats microseconds since the epoch in UTC with six fraction digits', () => {
    expect(formatMicros(1_764_302_706_123_456n)).toBe('2025-11-28T04:05:06.123456Z');
    expect(formatMicros(1_764_302_706_000_007n)).toBe('2025-11-28T04:05:06.000007Z');
  });
});

describe('chain verification', () => {
  it('accepts an intact chain and reports its length and head', () => {
    const entries = chain(5);
    expect(verify(entries)).toEqual({ ok: true, length: 5, headHash: entries[4].hash });
  });

  it('accepts the empty chain', () => {
    expect(verify([])).toEqual({ ok: true, length: 0, headHash: GENESIS_HASH });
  });

  it('catches a changed payload at its seq', () => {
    const entries = chain(5);
    entries[2] = { ...entries[2], payload: { n: 999, 名: '公证' } };
    expect(verify(entries)).toMatchObject({ ok: false, firstInvalidSeq: 3, problem: 'HASH_MISMATCH' });
  });

  it('catches a changed timestamp, even by one microsecond', () => {
    const entries = chain(5);
    entries[1] = { ...entries[1], occurredAt: entries[1].occurredAt.replace(/2Z$/, '3Z') };
    expect(verify(entries)).toMatchObject({ ok: false, firstInvalidSeq: 2, problem: 'HASH_MISMATCH' });
  });

  it('catches a removed entry as a gap', () => {
    const entries = chain(5);
    entries.splice(3, 1);
    expect(verify(entries)).toMatchObject({ ok: false, firstInvalidSeq: 4, problem: 'SEQ_GAP' });
  });

  it('catches two swapped entries even when their seq numbers are swapped back', () => {
    const entries = chain(5);
    const a = entries[1];
    const b = entries[2];
    entries[1] = { ...b, seq: 2 };
    entries[2] = { ...a, seq: 3 };
    const r = verify(entries);
    expect(r.ok).toBe(false);
    expect(r.firstInvalidSeq).toBe(2);
  });

  it('catches an entry whose hash was recomputed after a change, by the next link', () => {
    const entries = chain(5);
    const forged: AuditRecord = { ...entries[1], payload: { n: 0 } };
    entries[1] = { ...forged, hash: entryHash(forged) };
    expect(verify(entries)).toMatchObject({ ok: false, firstInvalidSeq: 3, problem: 'PREV_HASH_MISMATCH' });
  });

  it('catches a cut tail against a remembered head', () => {
    const entries = chain(6);
    const remembered = { seq: 6, hash: entries[5].hash };
    const cut = entries.slice(0, 4);
    expect(verify(cut)).toMatchObject({ ok: true }); // alone, a shorter chain looks fine
    expect(verify(cut, remembered)).toMatchObject({
      ok: false,
      firstInvalidSeq: 5,
      problem: 'REMEMBERED_HEAD_MISMATCH',
    });
    expect(verify(entries, remembered)).toMatchObject({ ok: true, length: 6 });
  });

  it('catches a head row that does not point at the last entry', () => {
    const entries = chain(4);
    const v = new ChainVerifier();
    entries.forEach((e) => v.push(e));
    expect(v.result({ seq: 5, hash: 'f'.repeat(64) })).toMatchObject({ ok: false, problem: 'HEAD_MISMATCH' });
  });
});
