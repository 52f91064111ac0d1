import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A check-in is either terminal-attested (a certified terminal did the face matching and signed
 * its verdict: terminal, jti and claims hash required) or service-verified (this service compared
 * the ID photo with live frames itself: seat terminal, consent notice hash, model, threshold and
 * liveness mode required, and a pass only at a distance within the threshold). Both end in the
 * same `checked_in` outcome. Liveness challenges are single use; the ID photo and live frames of
 * a service-verified check-in are stored encrypted in the blob store under `blob_key` and kept
 * until `retain_until` (the database refuses an earlier delete, as for recordings).
 */
export class ServiceVerifiedCheckIn1764300002400 implements MigrationInterface {
  name = 'ServiceVerifiedCheckIn1764300002400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE check_ins
        ADD COLUMN method text NOT NULL DEFAULT 'terminal_attested' CHECK (method IN ('terminal_attested', 'service_verified')),
        ALTER COLUMN terminal_id DROP NOT NULL,
        ALTER COLUMN jti DROP NOT NULL,
        ALTER COLUMN claims_sha256 DROP NOT NULL,
        ADD COLUMN face_distance numeric(6, 4) CHECK (face_distance >= 0),
        ADD COLUMN face_threshold numeric(6, 4) CHECK (face_threshold > 0),
        ADD COLUMN liveness_mode text CHECK (liveness_mode IN ('challenge', 'off')),
        ADD COLUMN liveness_steps jsonb,
        ADD COLUMN model text,
        ADD COLUMN id_card_source text CHECK (id_card_source IN ('reader', 'scan')),
        ADD COLUMN consent_notice_sha256 text CHECK (consent_notice_sha256 ~ '^[0-9a-f]{64}$'),
        ADD COLUMN frame_sha256s jsonb,
        ADD COLUMN challenge_id uuid`);
    await q.query(`ALTER TABLE check_ins ALTER COLUMN method DROP DEFAULT`);
    await q.query(`
      ALTER TABLE check_ins ADD CONSTRAINT check_ins_attested_fields CHECK (
        method <> 'terminal_attested' OR (terminal_id IS NOT NULL AND jti IS NOT NULL AND claims_sha256 IS NOT NULL))`);
    await q.query(`
      ALTER TABLE check_ins ADD CONSTRAINT check_ins_service_fields CHECK (
        method <> 'service_verified' OR (
          jti IS NULL AND claims_sha256 IS NULL AND terminal_id IS NOT NULL AND consent_notice_sha256 IS NOT NULL
          AND id_card_source IS NOT NULL AND liveness_mode IS NOT NULL AND model IS NOT NULL AND face_threshold IS NOT NULL
          AND (outcome <> 'checked_in' OR (face_distance IS NOT NULL AND face_distance <= face_threshold AND photo_sha256 IS NOT NULL
               AND frame_sha256s IS NOT NULL AND ((liveness_mode = 'off' AND liveness IS NULL) OR liveness)))))`);

    await q.query(`
      CREATE TABLE identity_challenges (
        id          uuid PRIMARY KEY,
        booking_id  uuid NOT NULL REFERENCES bookings (id),
        steps       jsonb NOT NULL CHECK (jsonb_typeof(steps) = 'array' AND jsonb_array_length(steps) BETWEEN 2 AND 3),
        created_by  uuid NOT NULL REFERENCES users (id),
        created_at  timestamptz NOT NULL,
        expires_at  timestamptz NOT NULL,
        used_at     timestamptz,
        CHECK (expires_at > created_at),
        CHECK (used_at IS NULL OR used_at >= created_at)
      )`);
    await q.query(`CREATE INDEX identity_challenges_booking ON identity_challenges (booking_id)`);
    await q.query(
      `ALTER TABLE check_ins ADD CONSTRAINT check_ins_challenge_fk FOREIGN KEY (challenge_id) REFERENCES identity_challenges (id)`,
    );
    await q.query(`CREATE UNIQUE INDEX check_ins_challenge_once ON check_ins (challenge_id) WHERE challenge_id IS NOT NULL`);

    await q.query(`
      CREATE TABLE identity_images (
        check_in_id  uuid NOT NULL REFERENCES check_ins (id),
        name         text NOT NULL CHECK (name ~ '^(photo|frame-[0-7])$'),
        step         text NOT NULL CHECK (step IN ('id_photo', 'neutral', 'turn_left', 'turn_right', 'blink', 'open_mouth')),
        best         boolean NOT NULL DEFAULT false,
        blob_key     text NOT NULL UNIQUE,
        sha256       text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        size         int NOT NULL CHECK (size > 0),
        created_at   timestamptz NOT NULL,
        retain_until timestamptz NOT NULL,
        PRIMARY KEY (check_in_id, name),
        CHECK ((name = 'photo') = (step = 'id_photo')),
        CHECK (NOT best OR step = 'neutral')
      )`);
    await q.query(`CREATE UNIQUE INDEX identity_images_one_best ON identity_images (check_in_id) WHERE best`);
    await q.query(`CREATE INDEX identity_images_retain_until ON identity_images (retain_until)`);
    await q.query(`
      CREATE FUNCTION identity_image_retention_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'TRUNCATE' THEN
          RAISE EXCEPTION 'identity images are retained: % cannot be truncated', TG_TABLE_NAME USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        IF TG_OP = 'UPDATE' THEN
          RAISE EXCEPTION 'identity images are evidence: their rows cannot be changed' USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        IF OLD.retain_until > now() THEN
          RAISE EXCEPTION 'identity image of check-in % is retained until %', OLD.check_in_id, OLD.retain_until USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN OLD;
      END $$`);
    await q.query(
      `CREATE TRIGGER identity_images_retention BEFORE UPDATE OR DELETE ON identity_images FOR EACH ROW EXECUTE FUNCTION identity_image_retention_guard()`,
    );
    await q.query(
      `CREATE TRIGGER identity_images_no_truncate BEFORE TRUNCATE ON identity_images FOR EACH STATEMENT EXECUTE FUNCTION identity_image_retention_guard()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE identity_images`);
    await q.query(`DROP FUNCTION identity_image_retention_guard()`);
    await q.query(`ALTER TABLE check_ins DROP CONSTRAINT check_ins_challenge_fk`);
    await q.query(`DROP TABLE identity_challenges`);
    await q.query(`DELETE FROM check_ins WHERE method = 'service_verified'`);
    await q.query(`
      ALTER TABLE check_ins
        DROP CONSTRAINT check_ins_attested_fields,
        DROP CONSTRAINT check_ins_service_fields,
        DROP COLUMN method, DROP COLUMN face_distance, DROP COLUMN face_threshold, DROP COLUMN liveness_mode,
        DROP COLUMN liveness_steps, DROP COLUMN model, DROP COLUMN id_card_source, DROP COLUMN consent_notice_sha256,
        DROP COLUMN frame_sha256s, DROP COLUMN challenge_id,
        ALTER COLUMN terminal_id SET NOT NULL, ALTER COLUMN jti SET NOT NULL, ALTER COLUMN claims_sha256 SET NOT NULL`);
  }
}
