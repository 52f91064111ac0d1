/**
 * A case taken through the API the way the consoles take it: an office whose notary works all
 * week with an approved simulated terminal, then booking, check-in, session, notice, record,
 * signature and (unless told not to) the finished recording — a session ready for approval.
 * The steps are the world builder's (test/support/world.ts).
 */
import { ADMIN, type TestApp } from './app.js';
import type { SimulatedTerminal } from '../../src/session/terminal-simulator.js';
import { ALL_WEEK, buildWorld, type World } from './fixtures.js';
import { httpWorld, signedCase, type BuiltOffice } from './world.js';

export { SIGNATURE_PNG } from './world.js';

export interface OfficeWithTerminal {
  world: World;
  terminal: SimulatedTerminal;
}

/** An office with one point, one notary scheduled all week, and an approved simulated terminal. */
export async function officeWithTerminal(t: TestApp, label = '1号模拟终端'): Promise<OfficeWithTerminal> {
  const world = await buildWorld(t, { notaries: 1, hours: ALL_WEEK, schedule: ALL_WEEK, terminalLabels: ['终端1', label] });
  const [first, terminal] = world.terminals;
  return { world: { ...world, terminals: [first] }, terminal };
}

/** A session brought to `signing` through the API, with its recording finished unless `recording` is false. */
export async function signedSession(
  t: TestApp,
  { world: w, terminal }: OfficeWithTerminal,
  o: { start: Date; now: Date; name?: string; idNumber?: string; recording?: boolean },
) {
  const office: BuiltOffice<string> = {
    admin: w.adminToken,
    province: w.province,
    city: w.city,
    county: w.county,
    townships: w.townships,
    officeId: w.officeId,
    notaries: w.notaries.map((n) => ({ ...n, as: n.token })),
    points: [{ id: w.pointId, assistant: { ...w.assistant, as: w.assistant.token }, terminals: [] }],
  };
  const { booking, sessionId } = await signedCase(httpWorld(t.url, ADMIN), office, { ...o, terminal });
  return { booking, sessionId };
}
