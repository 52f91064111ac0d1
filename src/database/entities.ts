import { User } from '../auth/user.entity.js';

/** Every TypeORM entity. The schema itself is the SQL in migrations/. */
export const ENTITIES = [User];
