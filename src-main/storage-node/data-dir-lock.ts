/**
 * One storage node per data folder: two processes sharing the metadata and
 * blob files would each collect blobs the other still uses.
 *
 * The lock itself is an exclusive SQLite transaction held open on
 * `node.lock.db` for the node's lifetime: an OS file lock (fcntl on POSIX,
 * LockFileEx on Windows) that the kernel releases when the process dies, so a
 * crash never leaves the folder locked and two starters can never both win.
 * `node.lock` holds the owner's PID, only to name it in the error message.
 */
import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'libsql';
import { isDiskFull } from './disk-full';

export interface DataDirLock {
  release(): void;
}

export function lockDataDir(dataDir: string): DataDirLock {
  const pidFile = join(dataDir, 'node.lock');
  const lockDb = new Database(join(dataDir, 'node.lock.db'));
  try {
    // The journal in memory: the lock database is never written, and so taking the lock needs no disk space (a full disk must not keep a node from starting to free it).
    lockDb.exec('PRAGMA busy_timeout = 0; PRAGMA journal_mode = MEMORY; PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE;');
  } catch (error) {
    lockDb.close();
    // Only a held lock means another node; anything else (a full disk, above all) is itself the answer.
    if ((error as { code?: unknown }).code !== 'SQLITE_BUSY') throw error;
    let owner = 'unknown';
    try {
      owner = readFileSync(pidFile, 'utf8').trim() || owner;
    } catch {
      // the owner has not written its pid yet
    }
    throw new Error(`the data folder ${dataDir} is in use by another storage node (pid ${owner})`, { cause: error });
  }
  try {
    writeFileSync(pidFile, String(process.pid), { mode: 0o600 });
  } catch (error) {
    // The pid only names the owner in messages: a node may start on a full disk (to delete), just unnamed.
    if (!isDiskFull(error)) {
      lockDb.close();
      throw error;
    }
  }
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      try {
        unlinkSync(pidFile);
      } catch {
        // already gone
      }
      lockDb.close(); // ends the transaction and drops the file lock
    },
  };
}
