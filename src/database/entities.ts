import { User } from '../auth/user.entity.js';
import { Matter } from '../matters/matter.entity.js';
import { Notary, Office, Point, Region, Terminal } from '../registry/registry.entities.js';

/** Every TypeORM entity. The schema itself is the SQL in migrations/. */
export const ENTITIES = [User, Region, Office, Notary, Point, Terminal, Matter];
