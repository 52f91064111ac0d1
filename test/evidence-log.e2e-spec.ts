import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { canonicalEncoding, entryHash, entryLeafHash, type AuditEntry } from '../src/audit/audit-encoding.js';
import { AuditService } from '../src/audit/audit.service.js';
import { LogService } from '../src/audit/log/log.service.js';
import { consistencyRanges, EMPTY_ROOT, verifyConsistency, verifyInclusion } from '../src/audit/log/merkle.js';
import { formatCheckpoint, NoteSigner, openNote, parseCheckpoint, parseVerifierKey } from '../src/audit/log/note.js';
import { TiledTree, TileEdge } from '../src/audit/log/tiles.js';
import { startTestApp, type TestApp } from './support/app.js';
import { run, waitFor } from './support/process.js';
import { prepareWitness, removeWitness, type TestWitness } from './support/witness.js';

const exec = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '..');

describe('evidence log: checkpoints, tiles, proofs, witness', () => {
  let t: TestApp;
  let audit: AuditService;
  let log: LogService;
  let dir: string;
  let w: TestWitness;
  let logKey: string;
  let chk: string;

  const integrated = () =>
    waitFor(async () => {
      const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM audit_entries WHERE leaf_index IS NULL`);
      return n === 0 ? true : undefined;
    }, 30_000);
  const append = (n: number, tag: string) =>
    Promise.all(
      Array.from({ length: n }, (_, i) =>
        t.db.transaction((m) =>
          audit.append(m, {
            actor: 'system',
            action: 'certificate.log-proof.stored',
            subjectType: 'tag',
            subjectId: tag,
            payload: { index: i },
          }),
        ),
      ),
    );
  const cosigned = () =>
    waitFor(async () => {
      const note = (await t.http().get('/log/checkpoint').expect(200)).text;
      const opened = openNote(note, parseVerifierKey(logKey), [parseVerifierKey(w.key.verifierKey)]);
      const c = parseCheckpoint(opened.text);
      const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM audit_entries`);
      return opened.cosigned.length === 1 && c.size === n ? { note, c } : undefined;
    }, 30_000);
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'evidence-log-'));
    w = await prepareWitness('witness.test/w1');
    t = await startTestApp({ WITNESS_URLS: w.env });
    audit = t.app.get(AuditService);
    log = t.app.get(LogService);
    logKey = (await t.http().get('/log/verifier-key').expect(200)).text.trim();
    await w.start(logKey);
    chk = path.join(dir, 'chk');
    await exec('go', ['build', '-o', chk, '.'], {
      cwd: path.join(ROOT, 'test/go-tlog-check'),
      env: { ...process.env, GOPATH: '/usr/share/gocode', GO111MODULE: 'off', GOFLAGS: '-mod=mod', GOCACHE: path.join(dir, 'gocache') },
    });
  }, 120_000);

  afterAll(async () => {
    await removeWitness(w);
    await t?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('publishes its verifier key in the signed-note form and a checkpoint signed with it', async () => {
    expect(logKey).toMatch(/^[^\s+]+\/log\+[0-9a-f]{8}\+[A-Za-z0-9+/]{44}$/);
    expect(parseVerifierKey(logKey)).toMatchObject({ kind: 'note' });
    await append(5, 'first');
    await integrated();
    const res = await t.http().get('/log/checkpoint').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    const c = parseCheckpoint(openNote(res.text, parseVerifierKey(logKey)).text);
    expect(c.origin).toBe(parseVerifierKey(logKey).name);
    expect(c.size).toBeGreaterThanOrEqual(5);
  });

  it('serves C2SP tiles: partial with their width, full ones immutable, nothing else', async () => {
    await append(300, 'tiles');
    await integrated();
    const size = (await log.checkpoint()).size;
    const full = await t.http().get('/log/tile/0/000').expect(200);
    expect(full.headers['content-type']).toBe('application/octet-stream');
    expect(full.headers['cache-control']).toMatch(/immutable/);
    expect((full.body as Buffer).length).toBe(256 * 32);
    const w = size % 256;
    const partial = await t.http().get(`/log/tile/0/001.p/${w}`).expect(200);
    expect((partial.body as Buffer).length).toBe(w * 32);
    const lvl1 = await t.http().get('/log/tile/1/000.p/1').expect(200);
    expect((lvl1.body as Buffer).length).toBe(32);
    for (const bad of ['0/001', `0/001.p/${w + 1}`, '0/002.p/1', '0/1', '0/000.p/256', '9/000', '0/x000/000']) {
      const r = await t.http().get(`/log/tile/${bad}`).expect(404);
      expect(r.body.code).toBe('TILE_NOT_FOUND');
    }
  });

  it('answers inclusion and consistency proofs that verify, and refuses impossible ones with 400', async () => {
    const { size, root } = await log.checkpoint();
    const [e] = (await audit.range(10, 1)) as AuditEntry[];
    const inc = (await t.http().get(`/api/log/proof/inclusion?index=${e.leafIndex}&treeSize=${size}`).expect(200)).body;
    expect(inc).toMatchObject({ index: e.leafIndex, treeSize: size });
    expect(Buffer.from(inc.leafHash, 'base64').equals(entryLeafHash(e))).toBe(true);
    expect(() =>
      verifyInclusion(
        e.leafIndex!,
        size,
        entryLeafHash(e),
        inc.proof.map((p: string) => Buffer.from(p, 'base64')),
        root,
      ),
    ).not.toThrow();
    const cons = (await t.http().get(`/api/log/proof/consistency?from=7&to=${size}`).expect(200)).body;
    const r7 = await new TiledTree(7, async (l, n, w) =>
      Buffer.from(
        (
          await t
            .http()
            .get(`/log/tile/${l}/${String(n).padStart(3, '0')}${w < 256 ? `.p/${w}` : ''}`)
            .expect(200)
        ).body,
      ),
    ).range([0, 7]);
    expect(() =>
      verifyConsistency(
        7,
        size,
        cons.proof.map((p: string) => Buffer.from(p, 'base64')),
        r7,
        root,
      ),
    ).not.toThrow();
    for (const q of [
      `inclusion?index=${size}&treeSize=${size}`,
      `inclusion?index=0&treeSize=${size + 1000}`,
      'inclusion?index=-1&treeSize=3',
      'inclusion?index=x&treeSize=3',
      'inclusion?treeSize=3',
      `consistency?from=5&to=3`,
      `consistency?from=1&to=${size + 1000}`,
    ]) {
      const r = await t.http().get(`/api/log/proof/${q}`).expect(400);
      expect(['LOG_RANGE', 'VALIDATION_FAILED']).toContain(r.body.code);
    }
  });

  it("passes Go's sumdb/note and sumdb/tlog checks: signature, tiles, leaf hashes, proofs", async () => {
    const { size, note } = await log.checkpoint();
    const entries = (await t.db.query(`SELECT seq::int AS seq FROM audit_entries WHERE leaf_index IN (0, 1, 255, 256, $1)`, [
      size - 1,
    ])) as { seq: number }[];
    const rows = (await Promise.all(entries.map((e) => audit.range(e.seq, 1)))).map(([e]) => e);
    const leaves = rows.map((e) => ({ Index: e.leafIndex, Data: canonicalEncoding(e).toString('base64') }));
    const proofs = await Promise.all(
      [
        [0, size],
        [255, size],
        [256, 300],
        [size - 1, size],
        [3, 4],
      ].map(async ([i, n]) => {
        const p = await log.inclusionProof(i, n);
        return { Index: i, TreeSize: n, LeafHash: p.leafHash, Proof: p.proof };
      }),
    );
    const cons = await Promise.all(
      [
        [1, size],
        [7, size],
        [256, size],
        [255, 257],
      ].map(async ([a, b]) => {
        const tree = new TiledTree(a, async (l, n, w) => (await log.tile(l, n, w))!);
        const fromRoot = await tree.range([0, a]);
        return { From: a, To: b, FromRoot: fromRoot.toString('base64'), Proof: (await log.consistencyProof(a, b)).proof };
      }),
    );
    const input = JSON.stringify({ VerifierKey: logKey, Checkpoint: note, Leaves: leaves, Inclusion: proofs, Consistency: cons });
    const child = execFile(chk, [t.url]);
    child.stdin!.end(input);
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((r) => child.on('exit', r));
    expect(out).not.toMatch(/FAIL/);
    expect(code).toBe(0);
    expect(out.match(/^ok /gm)!.length).toBe(2 + leaves.length + proofs.length + cons.length);
  });

  it('serves the checkpoint cosigned by the configured witness', async () => {
    await append(3, 'witnessed');
    await integrated();
    const { note, c } = await cosigned();
    expect(note).toContain('— witness.test/w1 ');
    expect((await t.http().get('/log/witnesses').expect(200)).text).toBe(`${w.key.verifierKey}\n`);
    expect(c.size).toBeGreaterThan(300);
  });

  it('the witness answers the tlog-witness status codes', async () => {
    const { note, c } = await cosigned();
    const post = (body: string) => fetch(`${w.url}/add-checkpoint`, { method: 'POST', body });
    // Stale old size: 409 with the size it knows.
    const stale = await post(`old 1\n\n${note}`);
    expect(stale.status).toBe(409);
    expect(stale.headers.get('content-type')).toBe('text/x.tlog.size');
    expect(await stale.text()).toBe(`${c.size}\n`);
    // Unknown origin, bad signature, malformed body.
    const other = new NoteSigner('elsewhere.test/log', randomBytes(32));
    const body = formatCheckpoint({ origin: 'elsewhere.test/log', size: 0, root: EMPTY_ROOT });
    expect((await post(`old 0\n\n${body}\n${other.signNote(body)}`)).status).toBe(404);
    const forgedKey = new NoteSigner(c.origin, randomBytes(32));
    const fb = formatCheckpoint({ origin: c.origin, size: c.size, root: c.root });
    expect((await post(`old ${c.size}\n\n${fb}\n${forgedKey.signNote(fb)}`)).status).toBe(403);
    expect((await post('hello')).status).toBe(400);
    // Same size, same root: cosigned again.
    expect((await post(`old ${c.size}\n\n${note}`)).status).toBe(200);
  });

  describe('a rewritten entry', () => {
    let remembered: string;
    const verifyCli = async (args: string[] = []) => {
      const r = run('dist/src/audit/verify-cli.js', { DATABASE_URL: t.config.databaseUrl ?? '', DATA_DIR: t.config.dataDir }, args);
      const code = await r.exited;
      return { code, out: r.output() };
    };

    it('is caught by audit:verify, and a re-signed forgery by a remembered checkpoint and the witness', async () => {
      const { note, c } = await cosigned();
      remembered = path.join(dir, 'remembered.checkpoint');
      await writeFile(remembered, note);
      const [victim] = await audit.range(20, 1);
      const forged = { ...victim, payload: { forged: true } };
      await log.integrator.stop();
      await t.db.transaction(async (m) => {
        await m.query(`SET LOCAL session_replication_role = replica`);
        await m.query(`UPDATE audit_entries SET payload = '{"forged": true}', hash = $2 WHERE seq = $1`, [victim.seq, entryHash(forged)]);
      });
      if (t.config.databaseUrl) {
        const direct = await verifyCli();
        expect(direct.code).toBe(1);
        expect(direct.out).toMatch(/BROKEN at seq 20 \(leaf \d+\): HASH_MISMATCH/);
      }
      expect(await audit.verify()).toMatchObject({ ok: false, firstInvalidSeq: 20, problem: 'HASH_MISMATCH' });

      // Whoever can write the tables can also rebuild the tiles and re-sign with the stored key…
      const rows = (await t.db.query(`SELECT seq::int AS seq FROM audit_entries WHERE leaf_index IS NOT NULL ORDER BY leaf_index`)) as {
        seq: number;
      }[];
      const edge = TileEdge.empty();
      const all = (await audit.range(0, rows.length + 10)).filter((e) => e.leafIndex !== null).sort((a, b) => a.leafIndex! - b.leafIndex!);
      const tiles = edge.append(all.map((e) => entryLeafHash(e)));
      const [{ seed }] = await t.db.query(`SELECT key_seed AS seed FROM log_state`);
      const fb = formatCheckpoint({ origin: c.origin, size: edge.size, root: edge.root() });
      const fnote = `${fb}\n${new NoteSigner(c.origin, seed).signNote(fb)}`;
      await t.db.transaction(async (m) => {
        for (const tl of tiles) await m.query(`UPDATE log_tiles SET hashes = $3 WHERE level = $1 AND n = $2`, [tl.level, tl.n, tl.hashes]);
        await m.query(`UPDATE log_state SET root = $1, checkpoint = $2`, [edge.root(), fnote]);
      });
      // …which audit:verify alone cannot tell from the truth,
      expect(await audit.verify()).toMatchObject({ ok: true });
      // but a checkpoint remembered from before refutes it,
      expect(await audit.verify(undefined, { size: c.size, root: c.root })).toMatchObject({
        ok: false,
        problem: 'INCONSISTENT_WITH_REMEMBERED',
      });
      if (t.config.databaseUrl) {
        const withRemembered = await verifyCli(['--checkpoint', remembered]);
        expect(withRemembered.code).toBe(1);
        expect(withRemembered.out).toMatch(/INCONSISTENT_WITH_REMEMBERED/);
      }
      // and the running witness refuses the fork: at the same size directly,
      const same = await fetch(`${w.url}/add-checkpoint`, { method: 'POST', body: `old ${c.size}\n\n${fnote}` });
      expect(same.status).toBe(422);
      // and when the log grows on the forged tree, its consistency proof fails.
      log.integrator.start();
      await append(2, 'after-fork');
      await integrated();
      await waitFor(async () => ((w.running!.output().match(/refused \(422\)/g)?.length ?? 0) >= 2 ? true : undefined), 30_000);
      const served = openNote((await t.http().get('/log/checkpoint').expect(200)).text, parseVerifierKey(logKey), [
        parseVerifierKey(w.key.verifierKey),
      ]);
      expect(parseCheckpoint(served.text).size).toBe(c.size + 2);
      expect(served.cosigned).toHaveLength(0);
      // The proof the log would give the witness indeed does not connect to what it cosigned.
      const tree = new TiledTree(c.size + 2, async (l, n, w) => (await log.tile(l, n, w))!);
      const proof = await Promise.all(consistencyRanges(c.size, c.size + 2).map((r) => tree.range(r)));
      expect(() => verifyConsistency(c.size, c.size + 2, proof, c.root, parseCheckpoint(served.text).root)).toThrow();
    });
  });
});
