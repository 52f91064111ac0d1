import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Registry1764300000100 implements MigrationInterface {
  name = 'Registry1764300000100';

  async up(q: QueryRunner): Promise<void> {
    // GB/T 2260 administrative divisions: 6 digits down to county level; townships longer.
    await q.query(`
      CREATE TABLE regions (
        code         text PRIMARY KEY CHECK (code ~ '^[0-9]{6}([0-9]{3}|[0-9]{6})?$'),
        name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
        level        text NOT NULL CHECK (level IN ('province', 'city', 'county', 'township')),
        parent_code  text REFERENCES regions (code),
        illustrative boolean NOT NULL DEFAULT false,
        created_at   timestamptz NOT NULL DEFAULT now(),
        CHECK ((level = 'province') = (parent_code IS NULL))
      )`);
    await q.query(`CREATE INDEX regions_parent ON regions (parent_code)`);

    await q.query(`
      CREATE TABLE offices (
        id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name               text NOT NULL,
        region_code        text NOT NULL REFERENCES regions (code),
        certificate_prefix text NOT NULL,
        address            text NOT NULL,
        phone              text NOT NULL,
        created_at         timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX offices_name_key ON offices (name)`);
    await q.query(`CREATE UNIQUE INDEX offices_certificate_prefix_key ON offices (certificate_prefix)`);

    await q.query(`
      CREATE TABLE points (
        id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name          text NOT NULL,
        region_code   text NOT NULL REFERENCES regions (code),
        office_id     uuid NOT NULL REFERENCES offices (id),
        address       text NOT NULL,
        phone         text NOT NULL,
        opening_hours jsonb NOT NULL,
        exceptions    jsonb NOT NULL DEFAULT '[]',
        status        text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
        created_at    timestamptz NOT NULL DEFAULT now(),
        updated_at    timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX points_name_key ON points (name)`);
    await q.query(`CREATE INDEX points_region ON points (region_code)`);
    await q.query(`CREATE INDEX points_office ON points (office_id)`);

    await q.query(`
      CREATE TABLE notaries (
        user_id    uuid PRIMARY KEY REFERENCES users (id),
        office_id  uuid NOT NULL REFERENCES offices (id),
        license_no text NOT NULL UNIQUE
      )`);

    await q.query(`ALTER TABLE users ADD CONSTRAINT users_office_fk FOREIGN KEY (office_id) REFERENCES offices (id)`);
    await q.query(`ALTER TABLE users ADD CONSTRAINT users_point_fk FOREIGN KEY (point_id) REFERENCES points (id)`);

    await q.query(`
      CREATE TABLE terminals (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        point_id    uuid NOT NULL REFERENCES points (id),
        label       text NOT NULL,
        kid         text NOT NULL UNIQUE,
        alg         text NOT NULL CHECK (alg IN ('EdDSA', 'ES256')),
        public_jwk  jsonb NOT NULL,
        status      text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
        created_at  timestamptz NOT NULL DEFAULT now(),
        disabled_at timestamptz,
        CHECK ((status = 'disabled') = (disabled_at IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX terminals_point ON terminals (point_id)`);

    await q.query(`
      CREATE TABLE matters (
        code               text PRIMARY KEY,
        sort_order         int NOT NULL,
        name_zh            text NOT NULL,
        name_en            text NOT NULL,
        description        text NOT NULL,
        description_en     text NOT NULL,
        required_materials jsonb NOT NULL,
        estimated_minutes  int NOT NULL CHECK (estimated_minutes BETWEEN 5 AND 240),
        enabled            boolean NOT NULL DEFAULT true,
        rules              jsonb NOT NULL,
        fields             jsonb NOT NULL,
        wording_template   text NOT NULL,
        wording_variants   jsonb NOT NULL DEFAULT '[]',
        notice_template    text NOT NULL,
        updated_at         timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE matters`);
    await q.query(`DROP TABLE terminals`);
    await q.query(`ALTER TABLE users DROP CONSTRAINT users_point_fk`);
    await q.query(`ALTER TABLE users DROP CONSTRAINT users_office_fk`);
    await q.query(`DROP TABLE notaries`);
    await q.query(`DROP TABLE points`);
    await q.query(`DROP TABLE offices`);
    await q.query(`DROP TABLE regions`);
  }
}
