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

export interface DataDirLock {
  release(): void;
}

export function lockDataDir(dataDir: string): DataDirLock {
  const pidFile = join(dataDir, 'node.lock');
  const lockDb = new Database(join(dataDir, 'node.lock.db'));
  try {
    lockDb.exec('PRAGMA busy_timeout = 0; PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE;');
  } catch (error) {
    lockDb.close();
    let owner = 'unknown';
    try {
      owner = readFileSync(pidFile, 'utf8').trim() || owner;
    } catch {
      // the owner has not written its pid yet
    }
    throw new Error(`the data folder ${dataDir} is in use by another storage node (pid ${owner})`, { cause: error });
  }
  writeFileSync(pidFile, String(process.pid), { mode: 0o600 });
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
