import { forbidden } from '../common/errors.js';
import type { Actor } from './actor.js';

/** An assistant acts only for their own point; admins for every point. */
export function assertPointScope(actor: Actor, pointId: string): void {
  if (actor.role === 'admin' || (actor.kind === 'staff' && actor.role === 'assistant' && actor.pointId === pointId)) return;
  throw forbidden('OUT_OF_SCOPE', 'You may act only for your own point. 只能处理本服务点的事务。');
}

/** A notary acts only for their own office; admins for every office. */
export function assertOfficeScope(actor: Actor, officeId: string): void {
  if (actor.role === 'admin' || (actor.kind === 'staff' && actor.role === 'notary' && actor.officeId === officeId)) return;
  throw forbidden('OUT_OF_SCOPE', 'You may act only for your own notary office. 只能处理本公证处的事务。');
}
