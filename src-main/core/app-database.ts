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
  {
    // Transfers: one row per file; the units already done (acknowledged upload
    // parts, downloaded ranges that were synced to disk) are recorded as they
    // finish so a restart continues where it stopped.
    version: 2,
    sql: `
      CREATE TABLE transfer_jobs (
        seq            INTEGER PRIMARY KEY AUTOINCREMENT,
        id             TEXT NOT NULL UNIQUE,
        batch_id       TEXT NOT NULL,
        direction      TEXT NOT NULL CHECK (direction IN ('upload', 'download')),
        source         TEXT NOT NULL CHECK (source IN ('disk', 'browser')),
        state          TEXT NOT NULL CHECK (state IN ('queued', 'running', 'paused', 'completed', 'failed', 'cancelled')),
        waiting        TEXT,
        connection_id  TEXT NOT NULL,
        package_id     INTEGER NOT NULL,
        remote_path    TEXT NOT NULL,
        object_id      INTEGER,
        local_path     TEXT NOT NULL,
        display_name   TEXT NOT NULL,
        size           INTEGER NOT NULL,
        bytes_done     INTEGER NOT NULL DEFAULT 0,
        part_size      INTEGER,
        source_mtime   INTEGER,
        staging_path   TEXT,
        staging_object INTEGER,
        expected_hash  TEXT,
        conflict       TEXT NOT NULL DEFAULT 'ask' CHECK (conflict IN ('ask', 'overwrite', 'skip', 'keepBoth')),
        attempts       INTEGER NOT NULL DEFAULT 0,
        error_code     TEXT,
        error_message  TEXT,
        created_at     INTEGER NOT NULL,
        updated_at     INTEGER NOT NULL,
        finished_at    INTEGER
      );
      CREATE INDEX transfer_jobs_by_state ON transfer_jobs(state, seq);
      CREATE INDEX transfer_jobs_by_batch ON transfer_jobs(batch_id);
      CREATE TABLE transfer_units (
        job_id  TEXT NOT NULL REFERENCES transfer_jobs(id) ON DELETE CASCADE,
        idx     INTEGER NOT NULL,
        offset  INTEGER NOT NULL,
        size    INTEGER NOT NULL,
        PRIMARY KEY (job_id, idx)
      ) WITHOUT ROWID;
    `,
  },
  {
    // Sync tasks: their configuration, the journal of what was last in sync on
    // both sides (the base of three-way change detection), an activity log and
    // the conflicts kept. Sync transfers carry their task, and where a version
    // they replace goes (the trash) so that nothing is ever overwritten outright.
    version: 3,
    sql: `
      CREATE TABLE sync_tasks (
        id              TEXT PRIMARY KEY,
        config          TEXT NOT NULL,
        paused          INTEGER NOT NULL DEFAULT 0,
        last_run_at     INTEGER,
        last_run_result TEXT,
        status_message  TEXT,
        created_at      INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE TABLE sync_journal (
        task_id       TEXT NOT NULL,
        path          TEXT NOT NULL,
        local_size    INTEGER NOT NULL,
        local_mtime   INTEGER NOT NULL,
        local_hash    TEXT,
        remote_object INTEGER NOT NULL,
        remote_hash   TEXT NOT NULL,
        remote_size   INTEGER NOT NULL,
        remote_update TEXT NOT NULL,
        synced_at     INTEGER NOT NULL,
        PRIMARY KEY (task_id, path)
      ) WITHOUT ROWID;
      CREATE TABLE sync_log (
        id      INTEGER PRIMARY KEY AUTOINCREMENT,
        task_id TEXT NOT NULL,
        at      INTEGER NOT NULL,
        level   TEXT NOT NULL,
        message TEXT NOT NULL,
        path    TEXT
      );
      CREATE INDEX sync_log_by_task ON sync_log(task_id, id);
      CREATE TABLE sync_conflicts (
        id      INTEGER PRIMARY KEY AUTOINCREMENT,
        task_id TEXT NOT NULL,
        at      INTEGER NOT NULL,
        path    TEXT NOT NULL,
        kept_as TEXT NOT NULL
      );
      CREATE INDEX sync_conflicts_by_task ON sync_conflicts(task_id, id);
      ALTER TABLE transfer_jobs ADD COLUMN sync_task_id TEXT;
      ALTER TABLE transfer_jobs ADD COLUMN trash_root TEXT;
      CREATE INDEX transfer_jobs_by_sync ON transfer_jobs(sync_task_id, state);
    `,
  },
  {
    // Sync: the identity (device:inode) of the local folder a task last synced,
    // so that a folder replaced by another one (an empty mount point) is told
    // apart from one whose files were deleted; and, for each kept conflict,
    // whose version went under the conflict name (one-way tasks differ).
    version: 4,
    sql: `
      ALTER TABLE sync_tasks ADD COLUMN root_identity TEXT;
      ALTER TABLE sync_conflicts ADD COLUMN renamed TEXT NOT NULL DEFAULT 'remote';
    `,
  },
  {
    // A download carries the folder it must stay inside (the folder the user
    // chose, or the sync task's), so the runner checks its target against it
    // right before writing: symbolic links made after the plan count too.
    version: 5,
    sql: `
      ALTER TABLE transfer_jobs ADD COLUMN local_root TEXT;
    `,
  },
  {
    // A sync activity line carries what it says as a code and its params (JSON), which the UI
    // words in the user's language; the English message stays beside them. Lines written
    // before have no code and are shown as they were written.
    version: 6,
    sql: `
      ALTER TABLE sync_log ADD COLUMN code TEXT;
      ALTER TABLE sync_log ADD COLUMN params TEXT;
    `,
  },
  {
    // Connections of any kind: the kind, its settings as JSON (the JCS base URL
    // and access key move there) and its secrets, one encrypted value per named
    // field (the JCS secret key's ciphertext moves as it is: nothing is decrypted).
    version: 7,
    sql: `
      ALTER TABLE connections ADD COLUMN kind TEXT NOT NULL DEFAULT 'jcs';
      ALTER TABLE connections ADD COLUMN config TEXT NOT NULL DEFAULT '{}';
      UPDATE connections SET config = CASE WHEN access_key IS NULL THEN json_object('baseUrl', base_url) ELSE json_object('baseUrl', base_url, 'accessKey', access_key) END;
      CREATE TABLE connection_secrets (
        connection_id TEXT NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
        name          TEXT NOT NULL,
        cipher        TEXT NOT NULL,
        PRIMARY KEY (connection_id, name)
      ) WITHOUT ROWID;
      INSERT INTO connection_secrets (connection_id, name, cipher) SELECT id, 'secretKey', secret_cipher FROM connections WHERE secret_cipher IS NOT NULL;
      ALTER TABLE connections DROP COLUMN base_url;
      ALTER TABLE connections DROP COLUMN access_key;
      ALTER TABLE connections DROP COLUMN secret_cipher;
    `,
  },
  {
    // Transfer jobs name what they move in every provider's words: a root id
    // and an object ref (opaque strings the provider hands out), the state of
    // an unfinished multipart upload as the provider's handle, and instead of a
    // JCS fileHash: the object's version token (what sync compares), the local
    // SHA-256 of the bytes sent or received, and whether a finished download was
    // checked against a hash the service vouches for.
    //
    // Every job saved before this version is on a JCS connection (the only kind
    // there was), so its package's root id is the JCS adapter's 'p' || packageID
    // and an unfinished upload's staging object becomes that adapter's multipart
    // handle (src-main/providers/jcs/jcs-multipart.ts: {v, package, path,
    // staging, object}). This migration is the one place outside providers/jcs
    // that spells those encodings: the rows it converts carry only the numbers,
    // and a paused upload must continue from its acknowledged parts. Versions:
    // a download's or a finished upload's fileHash is the JCS adapter's version
    // token when it is a checkable one (otherwise the adapter uses size:time,
    // so such a download starts over instead of resuming: it cannot tell
    // whether the object changed).
    version: 8,
    sql: `
      ALTER TABLE transfer_jobs ADD COLUMN root TEXT NOT NULL DEFAULT '';
      ALTER TABLE transfer_jobs ADD COLUMN object_ref TEXT;
      ALTER TABLE transfer_jobs ADD COLUMN upload_handle TEXT;
      ALTER TABLE transfer_jobs ADD COLUMN remote_version TEXT;
      ALTER TABLE transfer_jobs ADD COLUMN sha256 TEXT;
      ALTER TABLE transfer_jobs ADD COLUMN verified INTEGER;
      UPDATE transfer_jobs SET
        root = 'p' || package_id,
        object_ref = CAST(object_id AS TEXT),
        upload_handle = CASE WHEN staging_object IS NOT NULL AND staging_path IS NOT NULL
          THEN json_object('v', 1, 'package', package_id, 'path', remote_path, 'staging', staging_path, 'object', staging_object) END,
        remote_version = CASE WHEN direction = 'download' OR state = 'completed' THEN expected_hash END,
        sha256 = CASE WHEN direction = 'upload' AND length(expected_hash) = 68 AND substr(expected_hash, 1, 4) = 'Full' AND NOT substr(expected_hash, 5) GLOB '*[^0-9A-Fa-f]*'
          THEN lower(substr(expected_hash, 5)) END,
        verified = CASE WHEN direction = 'download' AND state = 'completed' AND (error_code IS NULL OR error_code <> 'Skipped')
          THEN (length(expected_hash) = 68 AND substr(expected_hash, 1, 4) = 'Full' AND NOT substr(expected_hash, 5) GLOB '*[^0-9A-Fa-f]*') END;
      ALTER TABLE transfer_jobs DROP COLUMN package_id;
      ALTER TABLE transfer_jobs DROP COLUMN object_id;
      ALTER TABLE transfer_jobs DROP COLUMN staging_path;
      ALTER TABLE transfer_jobs DROP COLUMN staging_object;
      ALTER TABLE transfer_jobs DROP COLUMN expected_hash;
    `,
  },
  {
    // Sync speaks in provider-neutral terms. A task's config names its root
    // instead of a JCS bucket and package: every task saved before was a JCS
    // task, and a JCS package's root id is 'p' + its packageID (the JCS
    // adapter's encoding, known here only because this is where JCS ids become
    // root ids; nothing else outside providers/jcs/ parses or builds one).
    // The journal keeps the provider's handle and change token of each object
    // (`remote_ref` TEXT, the JCS objectID as a string; `remote_version`, which
    // for JCS is the raw fileHash the journal already held, so synced files keep
    // matching) and local hashes as plain lowercase SHA-256 hex instead of
    // 'Full' + uppercase (a malformed one is dropped: it is learned again).
    // `remote_update` goes: nothing read it.
    version: 9,
    sql: `
      UPDATE sync_tasks
        SET config = json_remove(json_set(config, '$.root', 'p' || json_extract(config, '$.packageId')), '$.bucketId', '$.packageId')
        WHERE json_type(config, '$.packageId') = 'integer';
      CREATE TABLE sync_journal_next (
        task_id        TEXT NOT NULL,
        path           TEXT NOT NULL,
        local_size     INTEGER NOT NULL,
        local_mtime    INTEGER NOT NULL,
        local_hash     TEXT,
        remote_ref     TEXT,
        remote_version TEXT NOT NULL,
        remote_size    INTEGER NOT NULL,
        synced_at      INTEGER NOT NULL,
        PRIMARY KEY (task_id, path)
      ) WITHOUT ROWID;
      INSERT INTO sync_journal_next (task_id, path, local_size, local_mtime, local_hash, remote_ref, remote_version, remote_size, synced_at)
        SELECT task_id, path, local_size, local_mtime,
          -- 'Full' and 64 hex digits (the pattern is 64 character classes: hex(zeroblob(32)) is 64 zeros).
          CASE WHEN local_hash GLOB 'Full' || replace(hex(zeroblob(32)), '0', '[0-9A-Fa-f]') THEN lower(substr(local_hash, 5)) END,
          CAST(remote_object AS TEXT), remote_hash, remote_size, synced_at
        FROM sync_journal;
      DROP TABLE sync_journal;
      ALTER TABLE sync_journal_next RENAME TO sync_journal;
    `,
  },
  {
    // A transfer job is one file (every job so far) or a whole folder read as
    // one zip from a service that can send one: saved as the zip, or unpacked
    // into a folder. `report` holds what such a job refused to unpack (JSON).
    version: 10,
    sql: `
      ALTER TABLE transfer_jobs ADD COLUMN kind TEXT NOT NULL DEFAULT 'file';
      ALTER TABLE transfer_jobs ADD COLUMN report TEXT;
    `,
  },
  {
    // Publishing to IPFS and Crust: the settings are a JSON document in
    // `settings` (key 'publish'); its secrets (tokens, the Crust recovery
    // phrase) are encrypted one by one here. A publish job is one file or
    // folder: added to an IPFS node, ordered on Crust, recorded; then its
    // order status is read again now and then (`pin_status`, `chain`).
    version: 11,
    sql: `
      CREATE TABLE publish_secrets (name TEXT PRIMARY KEY, cipher TEXT NOT NULL) WITHOUT ROWID;
      CREATE TABLE publish_jobs (
        seq             INTEGER PRIMARY KEY AUTOINCREMENT,
        id              TEXT NOT NULL UNIQUE,
        name            TEXT NOT NULL,
        connection_id   TEXT NOT NULL,
        root            TEXT NOT NULL,
        root_name       TEXT NOT NULL,
        path            TEXT NOT NULL,
        folder          INTEGER NOT NULL,
        state           TEXT NOT NULL CHECK (state IN ('queued', 'adding', 'ordering', 'recording', 'waiting', 'done', 'failed', 'cancelled')),
        ipfs_node       TEXT NOT NULL,
        order_route     TEXT NOT NULL,
        bytes_done      INTEGER NOT NULL DEFAULT 0,
        size            INTEGER NOT NULL DEFAULT 0,
        cid             TEXT,
        dag_size        INTEGER,
        local_only      INTEGER NOT NULL,
        attempts        INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER,
        error           TEXT,
        requested_at    INTEGER NOT NULL,
        finished_at     INTEGER,
        placed_at       INTEGER,
        request_id      TEXT,
        pin_status      TEXT,
        chain           TEXT,
        chain_problem   TEXT,
        checked_at      INTEGER,
        registered_study_id TEXT
      );
      CREATE INDEX publish_jobs_by_path ON publish_jobs(connection_id, root, path, seq);
      CREATE INDEX publish_jobs_by_cid ON publish_jobs(cid);
    `,
  },
  {
    // A batch's counts (read each time one of its jobs settles) come from an
    // index that holds every column they need: with a batch of 100,000 jobs,
    // reading the rows themselves cost more than the transfers it reported
    // on. (The totals of all jobs come from the store's tally, state-tally.ts.)
    version: 12,
    sql: `
      DROP INDEX transfer_jobs_by_batch;
      CREATE INDEX transfer_jobs_by_batch ON transfer_jobs(batch_id, state);
    `,
  },
  {
    // A download's finished range is recorded with the SHA-256 of its bytes
    // instead of being synced on its own: after a crash the recorded ranges
    // are hashed again from disk and only those that differ are fetched again
    // (one sync before the final rename makes the whole file durable). Ranges
    // recorded before this version have none: they were synced when recorded.
    version: 13,
    sql: `ALTER TABLE transfer_units ADD COLUMN sha256 TEXT;`,
  },
  {
    // The browser-upload watch asks for unfinished browser uploads every few
    // seconds; without an index that read every job (100,000 after a first
    // sync). Partial: jobs from disk, nearly all of them, are not in it and
    // cost it nothing when they change.
    version: 14,
    sql: `CREATE INDEX transfer_jobs_from_browser ON transfer_jobs(state, seq) WHERE source = 'browser';`,
  },
];

export function openAppDatabase(dataDir: string): Db {
  return openDatabase(join(dataDir, 'app.db'), appMigrations, { synchronous: 'NORMAL' });
}
