import { describe, expect, it } from '@jest/globals';
import { shanghaiInstant, toShanghaiIso } from '../common/shanghai-time.js';
import { findSlots, type SlotQuery } from './slot-finder.js';

const DATE = '2026-12-01';
const at = (hhmm: string) => shanghaiInstant(DATE, hhmm);

function query(over: Partial<SlotQuery> = {}): SlotQuery {
  return {
    date: DATE,
    openRanges: [
      ['08:30', '12:00'],
      ['13:30', '17:30'],
    ],
    notaries: [{ id: 'n1', ranges: [['08:00', '18:00']], busy: [] }],
    terminals: [{ id: 't1', busy: [] }],
    durationMinutes: 20,
    bufferMinutes: 10,
    stepMinutes: 30,
    notBefore: at('00:00'),
    notAfter: at('23:59'),
    ...over,
  };
}
const starts = (q: SlotQuery) => findSlots(q).map((s) => toShanghaiIso(s.start).slice(11, 16));

describe('slot finder', () => {
  it('offers every step inside opening hours where the appointment fits', () => {
    expect(starts(query())).toEqual([
      '08:30',
      '09:00',
      '09:30',
      '10:00',
      '10:30',
      '11:00',
      '11:30',
      '13:30',
      '14:00',
      '14:30',
      '15:00',
      '15:30',
      '16:00',
      '16:30',
      '17:00',
    ]);
  });

  it('keeps the appointment inside a notary’s working hours', () => {
    expect(starts(query({ notaries: [{ id: 'n1', ranges: [['09:00', '10:00']], busy: [] }] }))).toEqual(['09:00', '09:30']);
  });

  it('counts the buffer against existing bookings of the notary', () => {
    const busy = [{ start: at('09:55'), end: at('10:30') }];
    const s = starts(query({ notaries: [{ id: 'n1', ranges: [['08:00', '18:00']], busy }] }));
    expect(s).toContain('09:00');
    expect(s).not.toContain('09:30'); // 09:30-09:50 plus the 10-minute buffer runs into 09:55
    expect(s).not.toContain('10:00');
    expect(s).toContain('10:30'); // intervals are half-open: starting as another ends is fine
  });

  it('offers a time when any one notary is free', () => {
    const busy = [{ start: at('08:00'), end: at('12:00') }];
    const s = starts(
      query({
        notaries: [
          { id: 'n1', ranges: [['08:00', '18:00']], busy },
          { id: 'n2', ranges: [['08:00', '18:00']], busy: [] },
        ],
      }),
    );
    expect(s).toContain('09:00');
  });

  it('needs a free terminal at the point', () => {
    expect(starts(query({ terminals: [] }))).toEqual([]);
    const busy = [{ start: at('08:00'), end: at('12:00') }];
    expect(starts(query({ terminals: [{ id: 't1', busy }] }))[0]).toBe('13:30');
  });

  it('respects the minimum notice and the horizon', () => {
    expect(starts(query({ notBefore: at('16:10') }))).toEqual(['16:30', '17:00']);
    expect(starts(query({ notAfter: at('09:00') }))).toEqual(['08:30', '09:00']);
  });

  it('offers nothing on a closed day', () => {
    expect(starts(query({ openRanges: [] }))).toEqual([]);
  });
});
