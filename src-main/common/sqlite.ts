/**
 * SQLite through libsql's better-sqlite3-compatible API (an N-API module with
 * prebuilt binaries, so it loads in plain Node and in Electron alike).
 * Every database of ours is opened here: WAL, foreign keys, a busy timeout and
 * versioned migrations tracked in `PRAGMA user_version`.
 */
import Database from 'libsql';

export type Db = InstanceType<typeof Database>;

export interface Migration {
  /** 1, 2, 3, ... in order; the database's user_version is the last applied. */
  version: number;
  sql: string;
}

export interface OpenOptions {
  /** FULL fsyncs the WAL on every commit (durable across power loss); NORMAL only at checkpoints. */
  synchronous?: 'FULL' | 'NORMAL';
}

export function openDatabase(file: string, migrations: readonly Migration[], options: OpenOptions = {}): Db {
  const db = new Database(file);
  try {
    db.exec(`PRAGMA journal_mode = WAL; PRAGMA synchronous = ${options.synchronous ?? 'FULL'}; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;`);
    migrate(db, migrations);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

function migrate(db: Db, migrations: readonly Migration[]): void {
  const current = scalar<number>(db, 'PRAGMA user_version') ?? 0;
  const latest = migrations.reduce((max, m) => Math.max(max, m.version), 0);
  if (current > latest) {
    throw new Error(`database schema version ${current} is newer than this program understands (${latest}); refusing to open it`);
  }
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (migration.version <= current) continue;
    inTransaction(db, () => {
      db.exec(migration.sql);
      db.exec(`PRAGMA user_version = ${migration.version}`);
    });
  }
}

const savepointDepth = new WeakMap<Db, number>();

/**
 * Runs `fn` in a transaction; a call inside another becomes a savepoint, so
 * composed operations commit or roll back as one. (libsql's own
 * `transaction()` does not nest.) The outer transaction is IMMEDIATE: it takes
 * the write lock up front instead of failing half-way on a busy database.
 */
export function inTransaction<T>(db: Db, fn: () => T): T {
  const depth = savepointDepth.get(db) ?? 0;
  const name = `sp${depth}`;
  db.exec(depth === 0 ? 'BEGIN IMMEDIATE' : `SAVEPOINT ${name}`);
  savepointDepth.set(db, depth + 1);
  try {
    const result = fn();
    if (result instanceof Promise) throw new Error('a transaction body must be synchronous (it returned a Promise)');
    db.exec(depth === 0 ? 'COMMIT' : `RELEASE ${name}`);
    return result;
  } catch (error) {
    if (depth === 0) {
      if (db.inTransaction) db.exec('ROLLBACK');
    } else {
      db.exec(`ROLLBACK TO ${name}; RELEASE ${name}`);
    }
    throw error;
  } finally {
    savepointDepth.set(db, depth);
  }
}

/** First column of the first row, or undefined. */
export function scalar<T>(db: Db, sql: string, ...params: unknown[]): T | undefined {
  const row = db.prepare(sql).raw(true).get(...params) as unknown[] | undefined;
  return row?.[0] as T | undefined;
}

/**
 * A prepared statement whose rows have a declared shape. The one cast in this
 * file lives here: the row type must match the statement's column list, which
 * is written next to it at every call site.
 */
export interface TypedStatement<Row, Params extends unknown[]> {
  get(...params: Params): Row | undefined;
  all(...params: Params): Row[];
  iterate(...params: Params): IterableIterator<Row>;
  run(...params: Params): { changes: number; lastInsertRowid: number | bigint };
}

export function statement<Row = never, Params extends unknown[] = unknown[]>(db: Db, sql: string): TypedStatement<Row, Params> {
  const prepared = db.prepare(sql);
  return {
    get: (...params) => prepared.get(...params) as Row | undefined,
    all: (...params) => prepared.all(...params) as Row[],
    iterate: (...params) => prepared.iterate(...params) as IterableIterator<Row>,
    run: (...params) => prepared.run(...params),
  };
}
