import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import canonicalize from 'canonicalize';
import { DataSource, type EntityManager } from 'typeorm';
import { assertStaffCan, can } from '../auth/access.js';
import { auditActor, type Actor, type StaffActor } from '../auth/actor.js';
import { TokenService } from '../auth/token.service.js';
import { staffActorOf, UsersService } from '../auth/users.service.js';
import { AuditService } from '../audit/audit.service.js';
import { StaffEvents } from '../booking/staff-events.js';
import { Clock } from '../common/clock.js';
import { conflict, DomainError, forbidden, notFound, unauthorized } from '../common/errors.js';
import { toShanghaiIso } from '../common/shanghai-time.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { BLOB_STORE, type BlobStore } from '../storage/blob-store.js';
import { chunkKey } from './recording-storage.js';
import { assertIn } from './session-state.js';
import { GENESIS, RecordingsRepository, type RecordingManifest } from './recordings.repository.js';
import { retainUntil, SessionService, sessionOf } from './session.service.js';

const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

/** The closed recording: what `POST …/recordings/finish` answers and the evidence page prints. */
export interface FinishedRecording {
  sessionId: string;
  chunkCount: number;
  bytes: number;
  durationMs: number;
  /** The hash chain's last link: covers every chunk's bytes, in order. */
  finalHash: string;
  /** SHA-256 of the JCS (RFC 8785) form of { sessionId, chunkCount, bytes, durationMs, finalHash }. */
  manifestSha256: string;
  finishedAt: string;
}

export interface RecordingOverride {
  reason: string;
  /** The notary's user id. */
  by: string;
  byName: string;
  at: string;
}

/** What the evidence page needs about a session's recording. */
export interface RecordingEvidence {
  finished: FinishedRecording | null;
  override: RecordingOverride | null;
}

/** The manifest hash: over the facts a reader can recompute from the stored chunks and the duration. */
export function manifestSha256(m: Omit<FinishedRecording, 'manifestSha256' | 'finishedAt'>): string {
  const { sessionId, chunkCount, bytes, durationMs, finalHash } = m;
  return sha256(canonicalize({ sessionId, chunkCount, bytes, durationMs, finalHash })!);
}

const STATUSES_RECORDING = ['waiting_notary', 'live', 'signing'] as const;

/** A playback link lasts the recording's length plus this, so that the viewer can pause and seek. */
export const PLAYBACK_GRACE_SECONDS = 30 * 60;
/** …and never longer than this: a link that leaks stops working the same afternoon. */
export const PLAYBACK_MAX_SECONDS = 4 * 60 * 60;

/**
 * A session's recording, all of it: chunks (hash chain, stored in the blob store and confirmed
 * before their row commits), finish with its manifest, the notary's override when there is none,
 * what approval requires of it, playback, and the progress pushed to the session's staff.
 */
@Injectable()
export class RecordingService {
  constructor(
    private readonly db: DataSource,
    private readonly sessions: SessionService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly staff: StaffEvents,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(BLOB_STORE) readonly store: BlobStore,
    private readonly tokens: TokenService,
    private readonly users: UsersService,
    private readonly repository: RecordingsRepository,
  ) {}

  /** A chunk, then the progress event to the session's staff. */
  async addChunk(actor: Actor, id: string, seq: number, read: () => Promise<Buffer>) {
    const chunk = await this.storeChunk(actor, id, seq, read);
    await this.pushProgress(id);
    return chunk;
  }

  /**
   * Appends chunk `seq` (0, 1, 2 … in order) of the session recording; its hash extends the chain.
   * The body is read (by `read`) only once the caller is known to be a participant, and the chunk is
   * durable in the blob store (fsynced, or confirmed by the object store's checksum) before the
   * transaction that counts it commits: a crash leaves at worst an uncounted blob, which the next
   * upload of the same seq overwrites.
   */
  private async storeChunk(actor: Actor, id: string, seq: number, read: () => Promise<Buffer>) {
    const mayUpload = async (m: EntityManager, lock: boolean) => {
      const s = await this.sessions.visible(actor, id, m, lock);
      // The database's spelling of the id names the blobs and the log entry, never the URL's.
      id = s.id;
      assertStaffCan(actor, 'upload-recording', sessionOf(s));
      assertIn(s.status, [...STATUSES_RECORDING], 'Recording');
      const finished = await this.repository.finish(m, id);
      if (finished)
        throw conflict('RECORDING_FINISHED', 'The recording of this session is finished; it takes no more chunks.', {
          chunkCount: finished.chunkCount,
        });
    };
    await mayUpload(this.db.manager, false);
    const chunk = await read();
    return this.db.transaction(async (m) => {
      await mayUpload(m, true);
      const last = await this.repository.lastChunk(m, id);
      const expected = last ? last.seq + 1 : 0;
      if (seq !== expected) throw conflict('RECORDING_OUT_OF_ORDER', `Expected chunk ${expected}, got ${seq}.`, { expectedSeq: expected });
      const chunkSha = sha256(chunk);
      const chainHash = sha256(`${last?.chainHash ?? GENESIS}${chunkSha}`);
      const now = this.clock.now();
      const until = retainUntil(now, this.config.recordingRetentionYears);
      await this.store.put(chunkKey(id, seq), chunk, { retainUntil: until }).catch(storageFailed);
      await this.repository.insertChunk(m, id, { seq, size: chunk.length, sha256: chunkSha, chainHash, at: now, retainUntil: until });
      await this.audit.append(m, {
        actor: auditActor(actor),
        action: 'session.recording.chunk',
        subjectType: 'session',
        subjectId: id,
        payload: { seq, size: chunk.length, sha256: chunkSha, chainHash },
      });
      return { seq, size: chunk.length, sha256: chunkSha, chainHash };
    });
  }

  /**
   * Who may play the recording back: the case's notary, the point's assistants, admins; everyone
   * else (other notaries of the office and the citizen included) gets 404. Returns the chunk sizes.
   */
  async forPlayback(actor: Actor, id: string): Promise<number[]> {
    const s = await this.sessions.find(id);
    const allowed = s && can(actor, 'play', { kind: 'recording', sessionId: s.id, pointId: s.pointId, notaryId: s.notaryId });
    const sizes = allowed ? await this.repository.chunkSizes(id) : [];
    if (!sizes.length) throw notFound('RECORDING_NOT_FOUND', 'No recording of this session.');
    return sizes;
  }

  /** `GET …/recordings`: the chunk manifest as before, plus where to resume, the finish and the override. */
  async overview(actor: Actor, id: string) {
    await this.sessions.visible(actor, id);
    const manifest = await this.manifest(this.db.manager, id);
    const { finished, override } = await this.evidence(this.db.manager, id);
    return { ...manifest, nextSeq: nextSeqOf(manifest.chunks.map((c) => c.seq)), finished, override: override && publicOverride(override) };
  }

  /**
   * A same-origin playback URL for `<video src>`, which cannot send a bearer header: the playback
   * route with a token (audience `playback`) bound to this session and this user, valid for the
   * recording's length plus PLAYBACK_GRACE_SECONDS, at most PLAYBACK_MAX_SECONDS. Relative, so it
   * is same-origin behind any proxy.
   */
  async playbackUrl(actor: Actor, id: string): Promise<{ url: string; expiresAt: string }> {
    await this.forPlayback(actor, id);
    // forPlayback admits staff only (the citizen is not among those who may play).
    const staff = actor as StaffActor;
    const ms = await this.repository.durationMs(id);
    const ttl = Math.min(Math.ceil((ms ?? 0) / 1000) + PLAYBACK_GRACE_SECONDS, PLAYBACK_MAX_SECONDS);
    const token = await this.tokens.sign('playback', staff.id, { sid: id }, ttl);
    const expires = new Date(Math.floor(this.clock.now().getTime() / 1000) * 1000 + ttl * 1000);
    return { url: `/api/sessions/${encodeURIComponent(id)}/recording?token=${token}`, expiresAt: toShanghaiIso(expires) };
  }

  /**
   * The user a playback token speaks for, re-read now (a disabled account's links stop working);
   * the caller then applies the same access rule as with a bearer token.
   * 401 INVALID_TOKEN / PLAYBACK_LINK_EXPIRED, 403 PLAYBACK_LINK_OTHER_SESSION.
   */
  async playbackActor(id: string, token: string): Promise<StaffActor> {
    let claims: Awaited<ReturnType<TokenService['verify']>>;
    try {
      claims = await this.tokens.verify('playback', token);
    } catch (e) {
      if (e instanceof DomainError && e.code === 'TOKEN_EXPIRED')
        throw unauthorized('PLAYBACK_LINK_EXPIRED', 'This playback link has expired; open the recording again for a new one.');
      throw e;
    }
    if (claims.sid !== id) throw forbidden('PLAYBACK_LINK_OTHER_SESSION', 'This playback link is for another session’s recording.');
    const user = await this.users.findById(claims.sub);
    if (!user || user.disabledAt) throw unauthorized('INVALID_TOKEN', 'The account behind this link is disabled or gone.');
    return staffActorOf(user);
  }

  /**
   * Closes the recording with its manifest. Answers `{ created: false }` with the stored manifest
   * when it is already finished with the same values (a retried request), 409 with other values.
   */
  async finish(
    actor: Actor,
    id: string,
    chunkCount: number,
    durationMs: number,
  ): Promise<{ created: boolean; manifest: FinishedRecording }> {
    const result = await this.db.transaction(async (m) => {
      const s = await this.sessions.visible(actor, id, m, true);
      id = s.id; // the database's spelling names the files, whatever case the URL used
      assertStaffCan(actor, 'finish-recording', sessionOf(s));
      const existing = await this.finishedOf(m, id);
      if (existing) {
        if (existing.chunkCount === chunkCount && existing.durationMs === durationMs) return { created: false, manifest: existing };
        throw conflict('RECORDING_ALREADY_FINISHED', 'The recording is already finished with other values.', { finished: existing });
      }
      assertIn(s.status, [...STATUSES_RECORDING], 'Finishing the recording');
      // The count first: a claim of a million chunks is answered from two numbers, before any list is built.
      const mismatch = countMismatch(await this.repository.chunkCount(m, id), chunkCount);
      if (mismatch) throw mismatch;
      const { chunks } = await this.repository.manifest(m, id);
      // Counted in the database but absent (or cut short) in the blob store as this instance sees
      // it: a directory that is not shared storage, or a lost object. Either way the recording has a hole.
      // A few at a time: an hour of one-second chunks is thousands of HEAD requests to object storage.
      const onDisk: boolean[] = [];
      for (let i = 0; i < chunks.length; i += 16)
        onDisk.push(
          ...(await Promise.all(
            chunks.slice(i, i + 16).map(async (c) => (await this.store.stat(chunkKey(id, c.seq)).catch(storageFailed))?.size === c.size),
          )),
        );
      const held = new Set(chunks.filter((c, i) => onDisk[i]).map((c) => c.seq));
      const missing = Array.from({ length: chunkCount }, (_, i) => i).filter((i) => !held.has(i));
      const extra = chunks.filter((c) => c.seq >= chunkCount).map((c) => c.seq);
      if (missing.length || extra.length) {
        throw conflict(
          'RECORDING_INCOMPLETE',
          missing.length
            ? `The server is missing chunk(s) ${missing.slice(0, 20).join(', ')}${missing.length > 20 ? ' …' : ''}; upload them, then finish again.`
            : `The server holds ${chunks.length} chunks, more than the ${chunkCount} named.`,
          // A claim of up to a million chunks must not make a megabyte answer: the first 1,000 of each, and the counts.
          {
            missing: missing.slice(0, 1000),
            missingCount: missing.length,
            extra: extra.slice(0, 1000),
            extraCount: extra.length,
            nextSeq: nextSeqOf([...held]),
          },
        );
      }
      const now = this.clock.now();
      const facts = {
        sessionId: id,
        chunkCount,
        bytes: chunks.reduce((n, c) => n + c.size, 0),
        durationMs,
        finalHash: chunks[chunkCount - 1].chainHash,
      };
      const manifest: FinishedRecording = { ...facts, manifestSha256: manifestSha256(facts), finishedAt: toShanghaiIso(now) };
      await this.repository.insertFinish(m, id, {
        ...facts,
        manifestSha256: manifest.manifestSha256,
        finishedBy: actor.kind === 'staff' ? actor.id : null,
        at: now,
        retainUntil: retainUntil(now, this.config.recordingRetentionYears),
      });
      await this.audit.append(m, {
        actor: auditActor(actor),
        action: 'session.recording.finish',
        subjectType: 'session',
        subjectId: id,
        payload: { ...facts, manifestSha256: manifest.manifestSha256 },
      });
      return { created: true, manifest };
    });
    if (result.created) await this.pushProgress(id);
    return result;
  }

  /** The notary waives the recording requirement, with a reason that the evidence page prints. */
  async override(actor: Actor, id: string, reason: string) {
    return this.db.transaction(async (m) => {
      const s = await this.sessions.visible(actor, id, m, true);
      assertStaffCan(actor, 'override-recording', sessionOf(s));
      assertIn(s.status, [...STATUSES_RECORDING], 'Overriding the recording requirement');
      const existing = await this.overrideOf(m, id);
      if (existing)
        throw conflict('RECORDING_ALREADY_OVERRIDDEN', 'An override is already recorded for this session.', {
          override: publicOverride(existing),
        });
      const now = this.clock.now();
      await this.repository.insertOverride(m, id, {
        reason,
        by: actor.id,
        at: now,
        retainUntil: retainUntil(now, this.config.recordingRetentionYears),
      });
      await this.audit.append(m, {
        actor: auditActor(actor),
        action: 'session.recording.override',
        subjectType: 'session',
        subjectId: id,
        payload: { reason },
      });
      return { sessionId: id, override: { reason, by: actor.id, at: toShanghaiIso(now) } };
    });
  }

  /**
   * For approval, in its transaction: 409 RECORDING_INCOMPLETE unless the recording is finished
   * (and every counted chunk is still counted) or the notary recorded an override. Returns the
   * finish and the override it read.
   */
  async assertReadyForApproval(m: EntityManager, id: string): Promise<RecordingEvidence> {
    const evidence = await this.evidence(m, id);
    const { finished, override } = evidence;
    if (override) return evidence;
    const seqs = await this.repository.seqs(m, id);
    if (!finished) {
      throw conflict(
        'RECORDING_INCOMPLETE',
        seqs.length
          ? 'The recording is not finished; finish it (POST …/recordings/finish) or record an override with a reason.'
          : 'There is no recording of this session; upload and finish it, or record an override with a reason.',
        { finished: false, chunks: seqs.length, nextSeq: nextSeqOf(seqs) },
      );
    }
    const missing = Array.from({ length: finished.chunkCount }, (_, i) => i).filter((i) => seqs[i] !== i);
    if (missing.length || seqs.length !== finished.chunkCount)
      throw conflict('RECORDING_INCOMPLETE', 'The stored recording no longer matches its manifest.', { finished: true, missing });
    return evidence;
  }

  /** The finish and the override of a session, as the evidence page and the manifest route show them. */
  async evidence(m: EntityManager, id: string): Promise<RecordingEvidence> {
    // Side by side on the pool; in a transaction they queue on its connection.
    const [finished, override] = await Promise.all([this.finishedOf(m, id), this.overrideOf(m, id)]);
    return { finished: finished ?? null, override: override ?? null };
  }

  /** The stored chunks' hash chain (what a manifest would cover), in the caller's transaction. */
  manifest(m: EntityManager, id: string): Promise<RecordingManifest> {
    return this.repository.manifest(m, id);
  }

  private async finishedOf(m: EntityManager, id: string): Promise<FinishedRecording | undefined> {
    const r = await this.repository.finish(m, id);
    return r && { sessionId: id, ...r, finishedAt: toShanghaiIso(r.finishedAt) };
  }

  private async overrideOf(m: EntityManager, id: string): Promise<RecordingOverride | undefined> {
    const r = await this.repository.override(m, id);
    return r && { ...r, at: toShanghaiIso(r.at) };
  }

  /** `recording.progress` to the session's notary and point over `/staff`; a missed push only delays the console (it polls too). */
  private async pushProgress(id: string): Promise<void> {
    const s = await this.sessions.find(id);
    if (!s) return;
    const p = await this.repository.progress(id);
    this.staff.toSessionStaff(s.notaryId, s.pointId, 'recording.progress', { sessionId: id, ...p });
  }
}

/**
 * 409 RECORDING_INCOMPLETE when `named` differs from the `held` count, in the same shape as a gap
 * found on disk. Chunks are taken strictly in order, so the rows held are 0 … held-1; at most
 * 1,000 seqs are listed, whatever the claim.
 */
export function countMismatch(held: number, named: number): DomainError | undefined {
  if (held === named) return undefined;
  const range = (from: number, to: number) => Array.from({ length: Math.max(0, Math.min(to - from, 1000)) }, (_, i) => from + i);
  return conflict(
    'RECORDING_INCOMPLETE',
    named > held
      ? `The server is missing chunk(s) ${range(held, named).slice(0, 20).join(', ')}${named - held > 20 ? ' …' : ''}; upload them, then finish again.`
      : `The server holds ${held} chunks, more than the ${named} named.`,
    {
      missing: range(held, named),
      missingCount: Math.max(0, named - held),
      extra: range(named, held),
      extraCount: Math.max(0, held - named),
      nextSeq: held,
    },
  );
}

/**
 * The blob store failed or did not confirm a write: the chunk is not counted and the client sends it
 * again (its uploader retries 5xx with backoff). The cause goes to the log, not to the client.
 */
function storageFailed(e: unknown): never {
  if (e instanceof DomainError) throw e;
  new Logger('RecordingStore').warn(`blob store: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
  throw new DomainError(503, 'STORAGE_UNAVAILABLE', 'The recording store did not confirm the chunk; send it again shortly.');
}

/** The lowest seq not held (where an upload resumes). */
function nextSeqOf(seqs: number[]): number {
  const held = new Set(seqs);
  let n = 0;
  while (held.has(n)) n++;
  return n;
}

function publicOverride(o: RecordingOverride) {
  return { reason: o.reason, by: o.by, at: o.at };
}
