import type { Migration } from '../../common/sqlite';

/**
 * The storage node's metadata. Content lives in the blob store (small blobs in
 * `inline_blobs`, version 6); rows refer to blobs by their SHA-256 (lowercase
 * hex). Times are milliseconds since the epoch.
 *
 * An object's content is the concatenation of its segments in `seq` order. A
 * whole-file upload has one segment; a completed multipart upload has one per
 * named part, so completing never copies data.
 * `blob_gc` lists blobs that may have no reference left, or were put in place
 * before the commit that references them: the collector removes those that are
 * unreferenced, so a crash at any point leaves no stray blob behind for long.
 */
export const storageNodeMigrations: readonly Migration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE buckets (
        bucket_id   INTEGER PRIMARY KEY AUTOINCREMENT,
        name        TEXT NOT NULL UNIQUE,
        create_time INTEGER NOT NULL
      );
      CREATE TABLE packages (
        package_id  INTEGER PRIMARY KEY AUTOINCREMENT,
        bucket_id   INTEGER NOT NULL REFERENCES buckets(bucket_id),
        name        TEXT NOT NULL,
        create_time INTEGER NOT NULL,
        UNIQUE (bucket_id, name)
      );
      CREATE TABLE objects (
        object_id   INTEGER PRIMARY KEY AUTOINCREMENT,
        package_id  INTEGER NOT NULL REFERENCES packages(package_id),
        path        TEXT NOT NULL,
        size        INTEGER NOT NULL,
        file_hash   TEXT NOT NULL,
        redundancy  TEXT NOT NULL CHECK (redundancy IN ('none', 'multipartUpload')),
        create_time INTEGER NOT NULL,
        update_time INTEGER NOT NULL,
        UNIQUE (package_id, path)
      );
      CREATE TABLE object_segments (
        object_id    INTEGER NOT NULL REFERENCES objects(object_id),
        seq          INTEGER NOT NULL,
        start_offset INTEGER NOT NULL,
        size         INTEGER NOT NULL,
        blob         TEXT NOT NULL,
        PRIMARY KEY (object_id, seq)
      ) WITHOUT ROWID;
      CREATE INDEX object_segments_by_blob ON object_segments(blob);
      CREATE TABLE multipart_parts (
        object_id  INTEGER NOT NULL REFERENCES objects(object_id),
        part_index INTEGER NOT NULL,
        size       INTEGER NOT NULL,
        blob       TEXT NOT NULL,
        PRIMARY KEY (object_id, part_index)
      ) WITHOUT ROWID;
      CREATE INDEX multipart_parts_by_blob ON multipart_parts(blob);
      CREATE TABLE blob_gc (blob TEXT PRIMARY KEY) WITHOUT ROWID;
    `,
  },
  {
    // When each part was stored, and pending uploads by age: the sweep of
    // abandoned uploads removes those with no part stored for a week. Parts
    // stored before this version count as stored now (they get a full week).
    version: 2,
    sql: `
      ALTER TABLE multipart_parts ADD COLUMN stored_at INTEGER NOT NULL DEFAULT 0;
      UPDATE multipart_parts SET stored_at = CAST(strftime('%s', 'now') AS INTEGER) * 1000;
      CREATE INDEX objects_pending_uploads ON objects(update_time) WHERE redundancy = 'multipartUpload';
    `,
  },
  {
    // The IPFS (Kubo-RPC) subset: a file CID names the blob holding its bytes
    // (the DAG itself is never stored: it is recomputed from the bytes), a
    // directory CID its named links, and pins the roots kept. Rows not
    // reachable from a pin are dropped by IpfsCatalog.collectUnpinned, which
    // queues their blobs in blob_gc; while a row exists its blob is
    // referenced (Catalog.isBlobReferenced), so it is never collected.
    version: 3,
    sql: `
      CREATE TABLE ipfs_files (
        cid      TEXT PRIMARY KEY,
        blob     TEXT NOT NULL,
        size     INTEGER NOT NULL,
        dag_size INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX ipfs_files_by_blob ON ipfs_files(blob);
      CREATE TABLE ipfs_dirs (
        cid      TEXT PRIMARY KEY,
        dag_size INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE TABLE ipfs_links (
        dir_cid   TEXT NOT NULL REFERENCES ipfs_dirs(cid),
        name      TEXT NOT NULL,
        child_cid TEXT NOT NULL,
        PRIMARY KEY (dir_cid, name)
      ) WITHOUT ROWID;
      CREATE TABLE ipfs_pins (
        cid       TEXT PRIMARY KEY,
        pinned_at INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE TABLE ipfs_identity (
        id          INTEGER PRIMARY KEY CHECK (id = 1),
        -- base64 of PKCS#8 DER (libsql's binding of Buffers panics in its native code)
        private_key TEXT NOT NULL
      );
    `,
  },
  {
    // User spaces (seed §4) and space sync tasks (§5). A space's credential is
    // stored encrypted (SecretBox, the key in the data folder), never in clear.
    // Node jobs are the long imports and exports: a job's state and progress
    // are rows, so it resumes after a restart. An import stages each file's
    // blob in space_job_files (which keeps the blob from collection) and
    // creates the package and its objects in one transaction at the end, so a
    // half-done import is never visible; an export records each file written,
    // so a resumed export neither redoes nor mistakes its own files for the
    // user's. Sync tasks keep their config as the seed's JSON and their state
    // beside it.
    version: 4,
    sql: `
      CREATE TABLE user_spaces (
        user_space_id INTEGER PRIMARY KEY AUTOINCREMENT,
        name          TEXT NOT NULL,
        storage       TEXT NOT NULL,
        credential    TEXT,
        shard_store   TEXT,
        features      TEXT NOT NULL,
        working_dir   TEXT NOT NULL,
        revision      INTEGER NOT NULL,
        create_time   INTEGER NOT NULL
      );
      CREATE TABLE node_jobs (
        job_id        INTEGER PRIMARY KEY AUTOINCREMENT,
        kind          TEXT NOT NULL CHECK (kind IN ('createPackage', 'downloadPackage')),
        state         TEXT NOT NULL CHECK (state IN ('running', 'done', 'failed')),
        user_space_id INTEGER NOT NULL,
        path          TEXT NOT NULL,
        package_id    INTEGER,
        bucket_id     INTEGER,
        name          TEXT,
        space_affinity INTEGER,
        files_done    INTEGER NOT NULL DEFAULT 0,
        files_total   INTEGER,
        bytes_done    INTEGER NOT NULL DEFAULT 0,
        bytes_total   INTEGER,
        error_code    TEXT,
        error_message TEXT,
        create_time   INTEGER NOT NULL,
        update_time   INTEGER NOT NULL
      );
      CREATE INDEX node_jobs_running ON node_jobs(state) WHERE state = 'running';
      CREATE TABLE space_job_files (
        job_id  INTEGER NOT NULL REFERENCES node_jobs(job_id),
        path    TEXT NOT NULL,
        size    INTEGER NOT NULL,
        blob    TEXT,
        PRIMARY KEY (job_id, path)
      ) WITHOUT ROWID;
      CREATE INDEX space_job_files_by_blob ON space_job_files(blob);
      CREATE TABLE space_sync_tasks (
        task_id        INTEGER PRIMARY KEY AUTOINCREMENT,
        config         TEXT NOT NULL,
        src_space_id   INTEGER NOT NULL,
        status         TEXT NOT NULL CHECK (status IN ('idle', 'running', 'cancelled')),
        last_run_start INTEGER,
        last_run_end   INTEGER,
        next_run       INTEGER,
        last_counts    TEXT,
        current_counts TEXT,
        last_error     TEXT,
        create_time    INTEGER NOT NULL
      );
      CREATE TABLE space_sync_dests (
        task_id       INTEGER NOT NULL REFERENCES space_sync_tasks(task_id),
        seq           INTEGER NOT NULL,
        user_space_id INTEGER NOT NULL,
        PRIMARY KEY (task_id, seq)
      ) WITHOUT ROWID;
      CREATE INDEX space_sync_dests_by_space ON space_sync_dests(user_space_id);
      -- createPackage's spaceAffinity: the space the package's files prefer; a space so named is in use.
      ALTER TABLE packages ADD COLUMN space_affinity INTEGER;
      CREATE INDEX packages_by_space_affinity ON packages(space_affinity) WHERE space_affinity IS NOT NULL;
    `,
  },
  {
    version: 5,
    // Small uploads are group-committed (blobs/blob-journal.ts): their bytes are
    // durable here, in the same transaction as the objects that refer to them,
    // until their blob files are known to be on disk; then the row goes. At
    // start, a row whose file is missing or wrong rewrites that file.
    sql: `
      CREATE TABLE blob_journal (
        blob TEXT PRIMARY KEY,
        data BLOB NOT NULL
      );
    `,
  },
  {
    version: 6,
    // Small uploads' blobs live here instead of in files
    // (metadata/inline-blob-table.ts), written in the transaction that commits
    // their objects. blob_journal stays: rows left by a version 5 node that
    // stopped before syncing its files are restored at start as before, and
    // no new row is written there.
    sql: `
      CREATE TABLE inline_blobs (
        blob TEXT PRIMARY KEY,
        data BLOB NOT NULL
      );
    `,
  },
];
