import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Evidence log v2 (README "Evidence log"): entries are inserted pending, with no shared lock;
 * the integrator gives committed entries consecutive leaf indexes and keeps the RFC 6962 tree
 * as C2SP tiles with a signed checkpoint. The v1 chain's entries stay as they are and become the
 * log's first leaves, in seq order, on the first integration (their seq numbers are the lowest).
 */
export class EvidenceLog1764300000600 implements MigrationInterface {
  name = 'EvidenceLog1764300000600';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SEQUENCE audit_entries_seq_seq AS bigint OWNED BY audit_entries.seq`);
    await q.query(
      `SELECT setval('audit_entries_seq_seq', GREATEST((SELECT max(seq) FROM audit_entries), 1), (SELECT max(seq) IS NOT NULL FROM audit_entries))`,
    );
    await q.query(`ALTER TABLE audit_entries ALTER COLUMN seq SET DEFAULT nextval('audit_entries_seq_seq')`);
    // v2 entries have no predecessor: the tree, not a chain, orders them.
    await q.query(`ALTER TABLE audit_entries ALTER COLUMN prev_hash DROP NOT NULL`);
    await q.query(`ALTER TABLE audit_entries ADD COLUMN leaf_index bigint UNIQUE CHECK (leaf_index >= 0)`);
    // The integrator's queue: the pending entries, found without scanning the log.
    await q.query(`CREATE INDEX audit_entries_pending ON audit_entries (seq) WHERE leaf_index IS NULL`);
    // Append-only still, except the one write the integrator makes: a leaf index, set once.
    await q.query(`
      CREATE FUNCTION audit_entries_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND OLD.leaf_index IS NULL AND NEW.leaf_index IS NOT NULL
           AND (NEW.seq, NEW.occurred_at, NEW.actor, NEW.action, NEW.subject_type, NEW.subject_id, NEW.payload, NEW.prev_hash, NEW.hash)
               IS NOT DISTINCT FROM
               (OLD.seq, OLD.occurred_at, OLD.actor, OLD.action, OLD.subject_type, OLD.subject_id, OLD.payload, OLD.prev_hash, OLD.hash)
        THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'audit entries are append-only (% refused)', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`DROP TRIGGER audit_entries_no_update_delete ON audit_entries`);
    await q.query(`
      CREATE TRIGGER audit_entries_no_update_delete BEFORE UPDATE OR DELETE ON audit_entries
        FOR EACH ROW EXECUTE FUNCTION audit_entries_guard()`);
    // The v1 head row was the global lock; keep its last value for the record.
    await q.query(`
      CREATE TABLE audit_chain_v1_head (
        id   smallint PRIMARY KEY CHECK (id = 1),
        seq  bigint NOT NULL,
        hash char(64) NOT NULL
      )`);
    await q.query(`INSERT INTO audit_chain_v1_head (id, seq, hash) SELECT 1, seq, hash FROM audit_head`);
    await q.query(`DROP TABLE audit_head`);

    // The log's identity and its latest signed checkpoint (one row; written by the integrator only).
    await q.query(`
      CREATE TABLE log_state (
        id                 smallint PRIMARY KEY CHECK (id = 1),
        origin             text NOT NULL,
        key_seed           bytea NOT NULL CHECK (length(key_seed) = 32),
        size               bigint NOT NULL CHECK (size >= 0),
        root               bytea NOT NULL CHECK (length(root) = 32),
        checkpoint         text NOT NULL,
        cosigned_size      bigint,
        cosigned_checkpoint text,
        updated_at         timestamptz NOT NULL DEFAULT now()
      )`);
    // C2SP tlog-tiles rows: the hashes of tile (level, n), 32 bytes each; a partial tile grows in place.
    await q.query(`
      CREATE TABLE log_tiles (
        level  smallint NOT NULL CHECK (level >= 0),
        n      bigint NOT NULL CHECK (n >= 0),
        hashes bytea NOT NULL CHECK (length(hashes) BETWEEN 32 AND 8192 AND length(hashes) % 32 = 0),
        PRIMARY KEY (level, n)
      )`);
    // The size each configured witness last cosigned (the `old` line of its next add-checkpoint).
    await q.query(`
      CREATE TABLE log_witnesses (
        name text PRIMARY KEY,
        size bigint NOT NULL CHECK (size >= 0)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE log_witnesses`);
    await q.query(`DROP TABLE log_tiles`);
    await q.query(`DROP TABLE log_state`);
    await q.query(`
      CREATE TABLE audit_head (
        id          smallint PRIMARY KEY CHECK (id = 1),
        seq         bigint NOT NULL,
        hash        char(64) NOT NULL,
        occurred_at timestamptz(6)
      )`);
    await q.query(`INSERT INTO audit_head (id, seq, hash) SELECT 1, seq, hash FROM audit_chain_v1_head`);
    await q.query(`DROP TABLE audit_chain_v1_head`);
    await q.query(`DROP TRIGGER audit_entries_no_update_delete ON audit_entries`);
    await q.query(`
      CREATE TRIGGER audit_entries_no_update_delete BEFORE UPDATE OR DELETE ON audit_entries
        FOR EACH ROW EXECUTE FUNCTION audit_entries_immutable()`);
    await q.query(`DROP FUNCTION audit_entries_guard()`);
    await q.query(`DROP INDEX audit_entries_pending`);
    await q.query(`ALTER TABLE audit_entries DROP COLUMN leaf_index`);
    await q.query(`ALTER TABLE audit_entries ALTER COLUMN seq DROP DEFAULT`);
    await q.query(`DROP SEQUENCE audit_entries_seq_seq`);
  }
}
