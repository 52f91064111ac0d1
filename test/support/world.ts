/**
 * The one world builder: an office (regions, notaries, points, assistants, terminals) and a case
 * taken from booking to a signed session, the way the consoles do it. The end-to-end specs, the
 * benchmarks and the drills drive it over HTTP (`httpWorld`); the medium specs drive the same
 * steps through the services (test/medium/support.ts). Kept free of Jest and Nest, so that bench/
 * and drills/ (built by tsconfig.build.json) can import it.
 */
import { attest, createSimulatedTerminal, type SimulatedTerminal } from '../../src/session/terminal-simulator.js';
import { uploadRecording } from './recording.js';

export const ALL_WEEK = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]]));
/** Valid GB 11643 numbers for test applicants. */
export const ID_NUMBERS = ['321181199003070013', '321181198505120020', '321181200002290036', '32118119781111015X'];
/** A 1×1 PNG: the applicant's handwritten signature. */
export const SIGNATURE_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
const CJK_DIGITS = '零一二三四五六七八九';
/** 12 → 一二: digits as Chinese characters, for names and certificate prefixes made from numbers. */
export const cjkDigits = (n: number | string) => [...String(n)].map((d) => CJK_DIGITS[Number(d)]).join('');

export interface Region {
  code: string;
  name: string;
  level: 'province' | 'city' | 'county' | 'township';
  parentCode?: string;
  illustrative?: boolean;
}

export interface Booked {
  id: string;
  caseNo: string;
  accessCode: string;
  notary: { id: string };
}

/**
 * The steps a world is made of, each as the role that takes it. `P` is how a signed-in person is
 * held: a bearer token over HTTP, an actor for the services.
 */
export interface WorldSteps<P> {
  admin(): Promise<P>;
  login(username: string, password: string): Promise<P>;
  /** Creates the regions; `false` when one of them already exists (nothing is written then). */
  regions(admin: P, regions: Region[]): Promise<boolean>;
  office(
    admin: P,
    body: { name: string; regionCode: string; certificatePrefix: string; address: string; phone: string },
  ): Promise<{ id: string }>;
  notary(
    admin: P,
    officeId: string,
    body: { username: string; password: string; displayName: string; licenseNo: string },
  ): Promise<{ id: string }>;
  schedule(admin: P, notaryId: string, weekly: object): Promise<void>;
  point(
    admin: P,
    body: { name: string; regionCode: string; officeId: string; address: string; phone: string; openingHours: object },
  ): Promise<{ id: string }>;
  assistant(admin: P, pointId: string, body: { username: string; password: string; displayName: string }): Promise<{ id: string }>;
  terminal(admin: P, pointId: string, body: { label: string; publicKeyJwk: object }): Promise<{ id: string; kid: string }>;
  book(
    assistant: P,
    body: { pointId: string; matterCode: string; start: string; applicant: { name: string; idNumber: string; phone: string } },
  ): Promise<Booked>;
  checkIn(assistant: P, bookingId: string, attestation: string): Promise<void>;
  openSession(assistant: P, bookingId: string): Promise<{ id: string }>;
  join(notary: P, sessionId: string): Promise<void>;
  noticeAck(assistant: P, sessionId: string): Promise<void>;
  record(notary: P, sessionId: string, entries: { question: string; answer: string }[]): Promise<{ recordSha256: string }>;
  sign(assistant: P, sessionId: string, imagePng: string, recordSha256: string): Promise<void>;
  /** Uploads the fixture recording in chunks and finishes it (test/support/recording.ts). */
  recording(assistant: P, sessionId: string): Promise<void>;
  matterFields(notary: P, sessionId: string, fields: Record<string, string>): Promise<void>;
}

export interface Person<P> {
  id: string;
  username: string;
  password: string;
  as: P;
}

export type Terminal = SimulatedTerminal & { id: string; kid: string };

export interface BuiltOffice<P> {
  admin: P;
  province: string;
  city: string;
  county: string;
  townships: string[];
  officeId: string;
  notaries: Person<P>[];
  points: { id: string; assistant: Person<P>; terminals: Terminal[] }[];
}

/** A built office as tokens, as the benches and drills address the API: the admin's, one per notary, the first terminal of each point. */
export interface OfficeTokens {
  adminToken: string;
  officeId: string;
  notaries: { id: string; token: string }[];
  points: { id: string; assistantToken: string; terminal: SimulatedTerminal }[];
  built: BuiltOffice<string>;
}

export function tokensOf(built: BuiltOffice<string>): OfficeTokens {
  return {
    adminToken: built.admin,
    officeId: built.officeId,
    notaries: built.notaries.map((x) => ({ id: x.id, token: x.as })),
    points: built.points.map((p) => ({ id: p.id, assistantToken: p.assistant.as, terminal: p.terminals[0] })),
    built,
  };
}

export interface OfficeSpec {
  /** The county's six-digit code (`PPCCXX`); its province and city are made when missing. */
  county: string;
  /** Names the world's places: `${label}省${tag}`, `${label}公证处${tag}`, … */
  label: string;
  tag: string;
  certificatePrefix: string;
  notaries?: number;
  points?: number;
  /** Townships in the county (at least `points`: point i sits in township i). */
  townships?: number;
  /** Terminal labels per point, registered by the admin (so active at once). */
  terminals?: string[];
  openingHours?: object;
  /** The notaries' weekly plan; absent: none is set (the office's default applies). */
  schedule?: object;
  /** Usernames, unique in the database. */
  username: (role: 'notary' | 'assistant', i: number) => string;
  password?: string;
}

/** Regions, an office with its notaries, and its points, each with an assistant and terminals. */
export async function buildOffice<P>(api: WorldSteps<P>, spec: OfficeSpec): Promise<BuiltOffice<P>> {
  const admin = await api.admin();
  const { county, label, tag } = spec;
  const province = `${county.slice(0, 2)}0000`;
  const city = `${county.slice(0, 4)}00`;
  const pointCount = spec.points ?? 1;
  const townships = Array.from({ length: Math.max(spec.townships ?? 0, pointCount) }, (_, i) => `${county}${101 + i}`);
  const password = spec.password ?? 'world-password-1';
  // The province and the city may be shared with another world of the same database.
  if (
    !(await api.regions(admin, [
      { code: province, name: `${label}省${tag}`, level: 'province' },
      { code: city, name: `${label}市${tag}`, level: 'city', parentCode: province },
    ]))
  ) {
    await api.regions(admin, [{ code: city, name: `${label}市${tag}`, level: 'city', parentCode: province }]);
  }
  const made = await api.regions(admin, [
    { code: county, name: `${label}县${tag}`, level: 'county', parentCode: city },
    ...townships.map((code, i): Region => ({
      code,
      name: `${label}镇${tag}-${i + 1}`,
      level: 'township',
      parentCode: county,
      illustrative: true,
    })),
  ]);
  if (!made) throw new Error(`world ${tag}: county ${county} exists already`);
  const office = await api.office(admin, {
    name: `${label}公证处${tag}`,
    regionCode: county,
    certificatePrefix: spec.certificatePrefix,
    address: `${label}路1号`,
    phone: '0511-86000000',
  });
  const notaries: Person<P>[] = [];
  for (let i = 0; i < (spec.notaries ?? 1); i++) {
    const username = spec.username('notary', i);
    const { id } = await api.notary(admin, office.id, {
      username,
      password,
      displayName: `公证员${i}`,
      licenseNo: `LIC-${username.replace(/[^0-9A-Za-z-]/g, '')}`.slice(0, 32),
    });
    if (spec.schedule) await api.schedule(admin, id, spec.schedule);
    notaries.push({ id, username, password, as: await api.login(username, password) });
  }
  const points: BuiltOffice<P>['points'] = [];
  for (let i = 0; i < pointCount; i++) {
    const point = await api.point(admin, {
      name: `服务点${label}${tag}-${i + 1}`,
      regionCode: townships[i],
      officeId: office.id,
      address: '镇政府院内',
      phone: '0511-86111111',
      openingHours: spec.openingHours ?? ALL_WEEK,
    });
    const username = spec.username('assistant', i);
    const a = await api.assistant(admin, point.id, { username, password, displayName: '辅助员' });
    const assistant = { id: a.id, username, password, as: await api.login(username, password) };
    const terminals: Terminal[] = [];
    for (const terminalLabel of spec.terminals ?? ['终端1']) {
      const terminal = await createSimulatedTerminal();
      const reg = await api.terminal(admin, point.id, { label: terminalLabel, publicKeyJwk: terminal.publicJwk });
      terminals.push({ ...terminal, id: reg.id, kid: reg.kid });
    }
    points.push({ id: point.id, assistant, terminals });
  }
  return { admin, province, city, county, townships, officeId: office.id, notaries, points };
}

export interface CaseSpec {
  start: Date;
  /** The terminal's clock for the attestation (default: the real time). */
  now?: Date;
  point?: number;
  /** Which of the point's terminals checks the applicant in (default: the last registered), or another one. */
  terminal?: number | SimulatedTerminal;
  matterCode?: string;
  name?: string;
  idNumber?: string;
  validUntil?: string;
}

/** Books at a point, checks the applicant in with the point's terminal and opens the session. */
export async function openCase<P>(api: WorldSteps<P>, office: BuiltOffice<P>, c: CaseSpec) {
  const point = office.points[c.point ?? 0];
  const terminal = typeof c.terminal === 'object' ? c.terminal : point.terminals[c.terminal ?? point.terminals.length - 1];
  const name = c.name ?? '王堃';
  const idNumber = c.idNumber ?? ID_NUMBERS[0];
  const booking = await api.book(point.assistant.as, {
    pointId: point.id,
    matterCode: c.matterCode ?? 'declaration',
    start: c.start.toISOString(),
    applicant: { name, idNumber, phone: '13912345678' },
  });
  const attestation = await attest(
    terminal,
    {
      bookingId: booking.id,
      idCard: { name, idNumber, validUntil: c.validUntil ?? '2036-01-01' },
      faceMatch: { score: 0.95, liveness: true },
      photo: new Uint8Array([1, 2, 3]),
    },
    { now: c.now },
  );
  await api.checkIn(point.assistant.as, booking.id, attestation);
  const session = await api.openSession(point.assistant.as, booking.id);
  const notary = office.notaries.find((n) => n.id === booking.notary.id);
  if (!notary) throw new Error(`booking ${booking.id} went to a notary of another office`);
  return { booking, sessionId: session.id, notary, point };
}

export interface SignedCaseSpec extends CaseSpec {
  /** Upload and finish the recording (default true). */
  recording?: boolean;
  /** The matter's fields for the wording; absent: left for approval to bring. */
  matterFields?: Record<string, string>;
}

/**
 * A case brought to `signing`: opened (above), joined by the notary, the notice acknowledged, the
 * record written and signed, the recording finished unless told not to — every step a session
 * needs before approval.
 */
export async function signedCase<P>(api: WorldSteps<P>, office: BuiltOffice<P>, c: SignedCaseSpec) {
  const opened = await openCase(api, office, c);
  const { sessionId, notary, point } = opened;
  await api.join(notary.as, sessionId);
  await api.noticeAck(point.assistant.as, sessionId);
  const record = await api.record(notary.as, sessionId, [{ question: '声明内容是否出于您的真实意愿？', answer: '是。' }]);
  await api.sign(point.assistant.as, sessionId, SIGNATURE_PNG, record.recordSha256);
  if (c.recording !== false) await api.recording(point.assistant.as, sessionId);
  if (c.matterFields) await api.matterFields(notary.as, sessionId, c.matterFields);
  return opened;
}

/** Matter fields a declaration's wording needs. */
export const DECLARATION_FIELDS = { documentTitle: '声明书', declarationSummary: '测试声明', signingMethod: '以电子签名方式签名' };

export interface Reply<T> {
  status: number;
  body: T;
}

/** One JSON call to a running service (status 0 when the network failed). */
export async function callJson<T = Record<string, unknown>>(
  url: string,
  method: string,
  route: string,
  token?: string,
  body?: unknown,
): Promise<Reply<T>> {
  try {
    const res = await fetch(url + route, {
      method,
      headers: { ...(token && { authorization: `Bearer ${token}` }), ...(body !== undefined && { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(60_000),
    });
    const type = res.headers.get('content-type') ?? '';
    return { status: res.status, body: (type.includes('json') ? await res.json() : await res.arrayBuffer()) as T };
  } catch (err) {
    return { status: 0, body: { error: String(err) } as T };
  }
}

/** The world's steps over HTTP, against the service at `url`; any answer but a 2xx throws. */
export function httpWorld(url: string, admin: { username: string; password: string }): WorldSteps<string> {
  const ok = async <T>(method: string, route: string, token?: string, body?: unknown): Promise<T> => {
    const r = await callJson<T>(url, method, route, token, body);
    if (r.status < 200 || r.status >= 300) throw new Error(`${method} ${route} → ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const login = async (username: string, password: string) =>
    (await ok<{ accessToken: string }>('POST', '/api/auth/login', undefined, { username, password })).accessToken;
  return {
    admin: () => login(admin.username, admin.password),
    login,
    async regions(token, regions) {
      const r = await callJson<{ code?: string }>(url, 'POST', '/api/regions', token, regions);
      if (r.status === 409 && r.body.code === 'REGION_EXISTS') return false;
      if (r.status !== 201) throw new Error(`POST /api/regions → ${r.status} ${JSON.stringify(r.body)}`);
      return true;
    },
    office: (token, body) => ok('POST', '/api/offices', token, body),
    notary: (token, officeId, body) => ok('POST', `/api/offices/${officeId}/notaries`, token, body),
    schedule: async (token, id, weekly) => void (await ok('PUT', `/api/notaries/${id}/schedule`, token, { weekly, exceptions: [] })),
    point: (token, body) => ok('POST', '/api/points', token, body),
    assistant: (token, pointId, body) => ok('POST', `/api/points/${pointId}/assistants`, token, body),
    terminal: (token, pointId, body) => ok('POST', `/api/points/${pointId}/terminals`, token, body),
    book: (token, body) => ok('POST', '/api/bookings', token, body),
    checkIn: async (token, id, attestation) => void (await ok('POST', `/api/bookings/${id}/check-in`, token, { attestation })),
    openSession: (token, bookingId) => ok('POST', '/api/sessions', token, { bookingId }),
    join: async (token, id) => void (await ok('GET', `/api/sessions/${id}/join`, token)),
    noticeAck: async (token, id) => void (await ok('POST', `/api/sessions/${id}/notice-ack`, token)),
    record: (token, id, entries) => ok('PUT', `/api/sessions/${id}/record`, token, { entries }),
    sign: async (token, id, imagePng, recordSha256) =>
      void (await ok('POST', `/api/sessions/${id}/signature`, token, { imagePng, recordSha256 })),
    recording: async (token, id) => void (await uploadRecording(url, token, id)),
    matterFields: async (token, id, fields) => void (await ok('PUT', `/api/sessions/${id}/matter-fields`, token, { fields })),
  };
}
