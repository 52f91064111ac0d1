import { describe, expect, it } from '@jest/globals';
import { checkSignal, MAX_SIGNAL_BYTES } from './signal-message.js';

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
});
