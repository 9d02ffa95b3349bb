/**
 * The app's own database (settings, connections; later transfer jobs and sync
 * tasks), separate from the storage node's metadata. Each feature adds its
 * tables as a new migration at the end of this list; never edit a shipped one.
 */
import { join } from 'node:path';
import { openDatabase, type Db, type Migration } from '../common/sqlite';

export const appMigrations: Migration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
      CREATE TABLE connections (
        id            TEXT PRIMARY KEY,
        name          TEXT NOT NULL,
        base_url      TEXT NOT NULL,
        access_key    TEXT,
        secret_cipher TEXT,
        created_at    INTEGER NOT NULL,
        updated_at    INTEGER NOT NULL
      ) WITHOUT ROWID;
    `,
  },
];

export function openAppDatabase(dataDir: string): Db {
  return openDatabase(join(dataDir, 'app.db'), appMigrations, { synchronous: 'NORMAL' });
}
