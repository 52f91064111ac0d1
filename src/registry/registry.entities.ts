import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { DatedException, WeeklyPlan } from './opening-hours.js';

export const REGION_LEVELS = ['province', 'city', 'county', 'township'] as const;
export type RegionLevel = (typeof REGION_LEVELS)[number];

@Entity({ name: 'regions' })
export class Region {
  @PrimaryColumn('text') code: string;
  @Column('text') name: string;
  @Column('text') level: RegionLevel;
  @Column('text', { name: 'parent_code', nullable: true }) parentCode: string | null;
  /** Codes made up for the demo, not real GB/T 2260 or statistical codes. */
  @Column('boolean') illustrative: boolean;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

@Entity({ name: 'offices' })
export class Office {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') name: string;
  @Column('text', { name: 'region_code' }) regionCode: string;
  /** The part of a certificate number before 证字, e.g. 苏镇丹 in (2026)苏镇丹证字第7号. */
  @Column('text', { name: 'certificate_prefix' }) certificatePrefix: string;
  @Column('text') address: string;
  @Column('text') phone: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

@Entity({ name: 'notaries' })
export class Notary {
  @PrimaryColumn('uuid', { name: 'user_id' }) userId: string;
  @Column('uuid', { name: 'office_id' }) officeId: string;
  @Column('text', { name: 'license_no' }) licenseNo: string;
}

export type PointStatus = 'active' | 'suspended';

@Entity({ name: 'points' })
export class Point {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') name: string;
  @Column('text', { name: 'region_code' }) regionCode: string;
  @Column('uuid', { name: 'office_id' }) officeId: string;
  @Column('text') address: string;
  @Column('text') phone: string;
  @Column('jsonb', { name: 'opening_hours' }) openingHours: WeeklyPlan;
  @Column('jsonb') exceptions: DatedException[];
  @Column('text') status: PointStatus;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

@Entity({ name: 'terminals' })
export class Terminal {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'point_id' }) pointId: string;
  @Column('text') label: string;
  /** `key`: a registered signing key that may sign check-ins; `seat`: a bookable place holding no key. */
  @Column('text') kind: 'key' | 'seat';
  /** RFC 7638 thumbprint of the public key (keys only). */
  @Column('text') kid: string;
  @Column('text') alg: 'EdDSA' | 'ES256';
  @Column('jsonb', { name: 'public_jwk' }) publicJwk: Record<string, string>;
  @Column('text') status: 'pending' | 'active' | 'disabled';
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column('timestamptz', { name: 'disabled_at', nullable: true }) disabledAt: Date | null;
  @Column('uuid', { name: 'approved_by', nullable: true }) approvedBy: string | null;
  @Column('timestamptz', { name: 'approved_at', nullable: true }) approvedAt: Date | null;
}
