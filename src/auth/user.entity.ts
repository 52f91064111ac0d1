import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { StaffRole } from './actor.js';

@Entity({ name: 'users' })
export class User {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  username: string;

  @Column('text', { name: 'password_hash', select: false })
  passwordHash: string;

  @Column('text')
  role: StaffRole;

  @Column('text', { name: 'display_name' })
  displayName: string;

  @Column('uuid', { name: 'office_id', nullable: true })
  officeId: string | null;

  @Column('uuid', { name: 'point_id', nullable: true })
  pointId: string | null;

  @Column('timestamptz', { name: 'disabled_at', nullable: true })
  disabledAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** The public face of a user: never the hash. */
export function userView(u: User) {
  return {
    id: u.id,
    username: u.username,
    role: u.role,
    displayName: u.displayName,
    officeId: u.officeId,
    pointId: u.pointId,
  };
}
