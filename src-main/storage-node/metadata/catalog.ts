/**
 * The storage node's metadata operations over SQLite. Every method is
 * synchronous and runs in one transaction, so a crash leaves either the
 * whole change or none of it. Blobs that lose a reference are queued in
 * `blob_gc` inside the same transaction; the collector deletes their files
 * after the commit, so a committed row never points at a missing blob.
 */
import { PENDING_FILE_HASH } from '@shared/jcs/wire';
import { inTransaction, scalar, statement, type Db } from '../../common/sqlite';
import { dataExists, dataNotFound, badArgument } from '../node-error';
import { BlobJournalTable } from './blob-journal-table';
import { InlineBlobTable } from './inline-blob-table';
import {
  OBJECT_COLUMNS,
  objectRowOf,
  type BucketRow,
  type ObjectContent,
  type ObjectRow,
  type PackageRow,
  type PartRow,
  type RawObjectRow,
  type SegmentRow,
} from './rows';

export type MoveOutcome = { ok: true } | { ok: false; code: 'DataNotFound' | 'DataExists'; message: string };

export class Catalog {
  private readonly s;
  /** Small blobs' bytes until their files are synced (schema version 5; only read at start since version 6). */
  readonly journal: BlobJournalTable;
  /** Small blobs kept in the catalog instead of in files (schema version 6). */
  readonly inline: InlineBlobTable;

  constructor(readonly db: Db) {
    this.journal = new BlobJournalTable(db);
    this.inline = new InlineBlobTable(db);
    this.s = {
      insertBucket: statement<BucketRow, [string, number]>(db, 'INSERT INTO buckets (name, create_time) VALUES (?, ?) RETURNING *'),
      bucketById: statement<BucketRow, [number]>(db, 'SELECT * FROM buckets WHERE bucket_id = ?'),
      bucketByName: statement<BucketRow, [string]>(db, 'SELECT * FROM buckets WHERE name = ?'),
      allBuckets: statement<BucketRow, []>(db, 'SELECT * FROM buckets ORDER BY bucket_id'),
      deleteBucket: statement<never, [number]>(db, 'DELETE FROM buckets WHERE bucket_id = ?'),
      insertPackage: statement<PackageRow, [number, string, number, number | null]>(
        db,
        'INSERT INTO packages (bucket_id, name, create_time, space_affinity) VALUES (?, ?, ?, ?) RETURNING *',
      ),
      packageById: statement<PackageRow, [number]>(db, 'SELECT * FROM packages WHERE package_id = ?'),
      packageByName: statement<PackageRow, [number, string]>(db, 'SELECT * FROM packages WHERE bucket_id = ? AND name = ?'),
      packagesOfBucket: statement<PackageRow, [number]>(db, 'SELECT * FROM packages WHERE bucket_id = ? ORDER BY package_id'),
      deletePackage: statement<never, [number]>(db, 'DELETE FROM packages WHERE package_id = ?'),
      objectById: statement<ObjectRow, [number]>(db, `SELECT ${OBJECT_COLUMNS} FROM objects WHERE object_id = ?`),
      objectByPath: statement<ObjectRow, [number, string]>(db, `SELECT ${OBJECT_COLUMNS} FROM objects WHERE package_id = ? AND path = ?`),
      objectsOfPackage: statement<ObjectRow, [number]>(db, `SELECT ${OBJECT_COLUMNS} FROM objects WHERE package_id = ? ORDER BY path`),
      insertObject: statement<ObjectRow, [number, string, number, string, string, number, number]>(
        db,
        `INSERT INTO objects (package_id, path, size, file_hash, redundancy, create_time, update_time) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING ${OBJECT_COLUMNS}`,
      ),
      // The multi-row forms below take their rows as one JSON array (r.value->>N is a row's Nth field): one statement call per
      // request instead of one per object, and a call through libsql cost more than the row it writes.
      objectsAtPaths: statement<{ path: string }, [number, string]>(db, 'SELECT path FROM objects WHERE package_id = ?1 AND path IN (SELECT value FROM json_each(?2))'),
      // Rows are [path, size, fileHash], inserted in array order (objectIDs follow the request's order, as one insert per object gave).
      insertObjects: db
        .prepare(
          `INSERT INTO objects (package_id, path, size, file_hash, redundancy, create_time, update_time)
           SELECT ?1, r.value->>0, r.value->>1, r.value->>2, 'none', ?2, ?2 FROM json_each(?3) AS r ORDER BY r.key RETURNING ${OBJECT_COLUMNS}`,
        )
        .raw(true),
      // Rows are [objectId, seq, startOffset, size, blob].
      insertSegments: statement<never, [string]>(
        db,
        'INSERT INTO object_segments (object_id, seq, start_offset, size, blob) SELECT r.value->>0, r.value->>1, r.value->>2, r.value->>3, r.value->>4 FROM json_each(?1) AS r',
      ),
      updateObjectContent: statement<ObjectRow, [number, string, string, number, number]>(
        db,
        `UPDATE objects SET size = ?, file_hash = ?, redundancy = ?, update_time = ? WHERE object_id = ? RETURNING ${OBJECT_COLUMNS}`,
      ),
      updateObjectLocation: statement<never, [number, string, number]>(db, 'UPDATE objects SET package_id = ?, path = ? WHERE object_id = ?'),
      pendingUploadsIdleSince: statement<{ object_id: number }, [number, number, number]>(
        db,
        `SELECT object_id FROM objects o WHERE redundancy = 'multipartUpload' AND update_time < ?
           AND NOT EXISTS (SELECT 1 FROM multipart_parts p WHERE p.object_id = o.object_id AND p.stored_at >= ?)
         ORDER BY update_time LIMIT ?`,
      ),
      deleteObject: statement<never, [number]>(db, 'DELETE FROM objects WHERE object_id = ?'),
      segments: statement<SegmentRow, [number]>(db, 'SELECT seq, start_offset, size, blob FROM object_segments WHERE object_id = ? ORDER BY seq'),
      insertSegment: statement<never, [number, number, number, number, string]>(
        db,
        'INSERT INTO object_segments (object_id, seq, start_offset, size, blob) VALUES (?, ?, ?, ?, ?)',
      ),
      collectSegments: statement<never, [number]>(db, 'INSERT OR IGNORE INTO blob_gc (blob) SELECT blob FROM object_segments WHERE object_id = ?'),
      deleteSegments: statement<never, [number]>(db, 'DELETE FROM object_segments WHERE object_id = ?'),
      parts: statement<PartRow, [number]>(db, 'SELECT part_index, size, blob FROM multipart_parts WHERE object_id = ? ORDER BY part_index'),
      partBlob: statement<{ blob: string }, [number, number]>(db, 'SELECT blob FROM multipart_parts WHERE object_id = ? AND part_index = ?'),
      part: statement<PartRow, [number, number]>(db, 'SELECT part_index, size, blob FROM multipart_parts WHERE object_id = ? AND part_index = ?'),
      upsertPart: statement<never, [number, number, number, string, number]>(
        db,
        'INSERT INTO multipart_parts (object_id, part_index, size, blob, stored_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (object_id, part_index) DO UPDATE SET size = excluded.size, blob = excluded.blob, stored_at = excluded.stored_at',
      ),
      collectParts: statement<never, [number]>(db, 'INSERT OR IGNORE INTO blob_gc (blob) SELECT blob FROM multipart_parts WHERE object_id = ?'),
      deleteParts: statement<never, [number]>(db, 'DELETE FROM multipart_parts WHERE object_id = ?'),
      markBlob: statement<never, [string]>(db, 'INSERT OR IGNORE INTO blob_gc (blob) VALUES (?)'),
      gcCandidates: statement<{ blob: string }, [number]>(db, 'SELECT blob FROM blob_gc LIMIT ?'),
      forgetCandidate: statement<never, [string]>(db, 'DELETE FROM blob_gc WHERE blob = ?'),
      // An IPFS file row refers to its blob too (see schema version 3).
      // So does a file staged by an import job (schema version 4) until the job ends.
      blobReferenced: statement<{ one: number }, [string, string, string, string]>(
        db,
        'SELECT 1 AS one WHERE EXISTS (SELECT 1 FROM object_segments WHERE blob = ?) OR EXISTS (SELECT 1 FROM multipart_parts WHERE blob = ?) OR EXISTS (SELECT 1 FROM ipfs_files WHERE blob = ?) OR EXISTS (SELECT 1 FROM space_job_files WHERE blob = ?)',
      ),
      // blobReferenced for a JSON array of blobs: those of them something refers to.
      blobsReferenced: statement<{ blob: string }, [string]>(
        db,
        `SELECT r.value AS blob FROM json_each(?1) AS r WHERE EXISTS (SELECT 1 FROM object_segments WHERE blob = r.value)
           OR EXISTS (SELECT 1 FROM multipart_parts WHERE blob = r.value) OR EXISTS (SELECT 1 FROM ipfs_files WHERE blob = r.value)
           OR EXISTS (SELECT 1 FROM space_job_files WHERE blob = r.value)`,
      ),
    };
  }

  /** Runs `fn` in one transaction (nested calls become savepoints). */
  transaction<T>(fn: () => T): T {
    return inTransaction(this.db, fn);
  }

  // ---- buckets ----

  createBucket(name: string, now: number): BucketRow {
    return this.transaction(() => {
      if (this.s.bucketByName.get(name)) throw dataExists(`bucket '${name}' already exists`);
      return this.s.insertBucket.get(name, now)!;
    });
  }

  bucket(bucketId: number): BucketRow | undefined {
    return this.s.bucketById.get(bucketId);
  }

  bucketByName(name: string): BucketRow | undefined {
    return this.s.bucketByName.get(name);
  }

  requireBucket(bucketId: number): BucketRow {
    const row = this.s.bucketById.get(bucketId);
    if (!row) throw dataNotFound(`the bucket does not exist (bucketID ${bucketId})`);
    return row;
  }

  listBuckets(): BucketRow[] {
    return this.s.allBuckets.all();
  }

  /** Deletes a bucket with every package and object in it. */
  deleteBucket(bucketId: number): void {
    this.transaction(() => {
      this.requireBucket(bucketId);
      for (const pkg of this.s.packagesOfBucket.all(bucketId)) this.deletePackageContents(pkg.package_id);
      this.s.deleteBucket.run(bucketId);
    });
  }

  // ---- packages ----

  /** `spaceAffinity`: the user space the package's files prefer (createPackage from a space); it keeps that space from deletion. */
  createPackage(bucketId: number, name: string, now: number, spaceAffinity: number | null = null): PackageRow {
    return this.transaction(() => {
      const bucket = this.requireBucket(bucketId);
      if (this.s.packageByName.get(bucketId, name)) throw dataExists(`package '${name}' already exists in bucket '${bucket.name}'`);
      return this.s.insertPackage.get(bucketId, name, now, spaceAffinity)!;
    });
  }

  packageInBucket(bucketId: number, name: string): PackageRow | undefined {
    return this.s.packageByName.get(bucketId, name);
  }

  package(packageId: number): PackageRow | undefined {
    return this.s.packageById.get(packageId);
  }

  requirePackage(packageId: number): PackageRow {
    const row = this.s.packageById.get(packageId);
    if (!row) throw dataNotFound(`the package does not exist (packageID ${packageId})`);
    return row;
  }

  packageByFullName(bucketName: string, packageName: string): PackageRow | undefined {
    const bucket = this.s.bucketByName.get(bucketName);
    return bucket ? this.s.packageByName.get(bucket.bucket_id, packageName) : undefined;
  }

  listPackages(bucketId: number): PackageRow[] {
    this.requireBucket(bucketId);
    return this.s.packagesOfBucket.all(bucketId);
  }

  /** Deletes a package with every object in it. */
  deletePackage(packageId: number): void {
    this.transaction(() => {
      this.requirePackage(packageId);
      this.deletePackageContents(packageId);
    });
  }

  private deletePackageContents(packageId: number): void {
    const objectIds = `SELECT object_id FROM objects WHERE package_id = ${Number(packageId)}`;
    this.db.exec(`
      INSERT OR IGNORE INTO blob_gc (blob) SELECT blob FROM object_segments WHERE object_id IN (${objectIds});
      INSERT OR IGNORE INTO blob_gc (blob) SELECT blob FROM multipart_parts WHERE object_id IN (${objectIds});
      DELETE FROM object_segments WHERE object_id IN (${objectIds});
      DELETE FROM multipart_parts WHERE object_id IN (${objectIds});
      DELETE FROM objects WHERE package_id = ${Number(packageId)};
    `);
    this.s.deletePackage.run(packageId);
  }

  // ---- objects ----

  object(objectId: number): ObjectRow | undefined {
    return this.s.objectById.get(objectId);
  }

  requireObject(objectId: number): ObjectRow {
    const row = this.s.objectById.get(objectId);
    if (!row) throw dataNotFound(`the object does not exist (objectID ${objectId})`);
    return row;
  }

  objectByPath(packageId: number, path: string): ObjectRow | undefined {
    return this.s.objectByPath.get(packageId, path);
  }

  packageObjects(packageId: number): IterableIterator<ObjectRow> {
    return this.s.objectsOfPackage.iterate(packageId);
  }

  segments(objectId: number): SegmentRow[] {
    return this.s.segments.all(objectId);
  }

  parts(objectId: number): PartRow[] {
    return this.s.parts.all(objectId);
  }

  part(objectId: number, index: number): PartRow | undefined {
    return this.s.part.get(objectId, index);
  }

  /**
   * Stores complete content at a path. An object already there is replaced in
   * place: it keeps its objectID and createTime, and gets the new size, hash
   * and updateTime (as JCS-pub does; the seed's upload example shows an old
   * createTime with a new updateTime).
   */
  putObject(packageId: number, path: string, content: ObjectContent, now: number): ObjectRow {
    return this.transaction(() => {
      this.requirePackage(packageId);
      return this.putInPackage(packageId, path, content, now);
    });
  }

  /**
   * putObject for many objects of one package in one transaction: the package
   * is checked once and no savepoint is taken per object (a request of small
   * files spent a good part of its metadata time on those). Paths new to the
   * package are inserted with one statement per table; a path already there
   * is replaced as putObject does. A request naming a path twice is stored
   * object by object, so its later file replaces the earlier as it always did.
   */
  putObjects(packageId: number, objects: ReadonlyArray<{ path: string; content: ObjectContent }>, now: number): ObjectRow[] {
    return this.transaction(() => {
      this.requirePackage(packageId);
      const paths = new Set(objects.map((o) => o.path));
      if (paths.size < objects.length) return objects.map((o) => this.putInPackage(packageId, o.path, o.content, now));
      const taken = new Set(this.s.objectsAtPaths.all(packageId, JSON.stringify([...paths])).map((r) => r.path));
      const replaced = new Map<string, ObjectRow>();
      for (const o of objects) if (taken.has(o.path)) replaced.set(o.path, this.putInPackage(packageId, o.path, o.content, now));
      const inserted = this.insertObjects(packageId, objects.filter((o) => !taken.has(o.path)), now);
      return objects.map((o) => replaced.get(o.path) ?? inserted.get(o.path)!);
    });
  }

  /** Inserts objects at paths free in the package, with their segments; answers their rows by path. */
  private insertObjects(packageId: number, objects: ReadonlyArray<{ path: string; content: ObjectContent }>, now: number): Map<string, ObjectRow> {
    const rows = new Map<string, ObjectRow>();
    if (objects.length === 0) return rows;
    const values = objects.map((o) => [o.path, o.content.size, o.content.fileHash]);
    for (const raw of this.s.insertObjects.all(packageId, now, JSON.stringify(values)) as RawObjectRow[]) {
      const row = objectRowOf(raw);
      rows.set(row.path, row);
    }
    const segments: Array<[number, number, number, number, string]> = [];
    for (const o of objects) {
      const objectId = rows.get(o.path)!.object_id;
      let offset = 0;
      o.content.segments.forEach((segment, seq) => {
        segments.push([objectId, seq, offset, segment.size, segment.blob]);
        offset += segment.size;
      });
    }
    if (segments.length > 0) this.s.insertSegments.run(JSON.stringify(segments));
    return rows;
  }

  private putInPackage(packageId: number, path: string, content: ObjectContent, now: number): ObjectRow {
    const existing = this.s.objectByPath.get(packageId, path);
    let row: ObjectRow;
    if (existing) {
      this.dropContent(existing.object_id);
      row = this.s.updateObjectContent.get(content.size, content.fileHash, 'none', now, existing.object_id)!;
    } else {
      row = this.s.insertObject.get(packageId, path, content.size, content.fileHash, 'none', now, now)!;
    }
    this.writeSegments(row.object_id, content.segments);
    return row;
  }

  /** Creates (or resets, keeping its objectID) the object of a multipart upload: size 0, redundancy multipartUpload. */
  beginMultipartUpload(packageId: number, path: string, now: number): ObjectRow {
    return this.transaction(() => {
      this.requirePackage(packageId);
      const existing = this.s.objectByPath.get(packageId, path);
      if (existing) {
        this.dropContent(existing.object_id);
        return this.s.updateObjectContent.get(0, PENDING_FILE_HASH, 'multipartUpload', now, existing.object_id)!;
      }
      return this.s.insertObject.get(packageId, path, 0, PENDING_FILE_HASH, 'multipartUpload', now, now)!;
    });
  }

  /** Records an uploaded part (stored at `now`); an index uploaded again replaces the earlier data. */
  putPart(objectId: number, index: number, blob: string, size: number, now: number): void {
    this.transaction(() => {
      this.requirePendingUpload(objectId);
      const previous = this.s.partBlob.get(objectId, index);
      if (previous) this.s.markBlob.run(previous.blob);
      this.s.upsertPart.run(objectId, index, size, blob, now);
    });
  }

  /** Objects whose multipart upload began, and last stored a part, before `before` (oldest first). */
  abandonedUploads(before: number, limit: number): number[] {
    return this.s.pendingUploadsIdleSince.all(before, before, limit).map((r) => r.object_id);
  }

  requirePendingUpload(objectId: number): ObjectRow {
    const row = this.requireObject(objectId);
    if (row.redundancy !== 'multipartUpload') throw badArgument(`objectID: object ${objectId} has no multipart upload in progress`);
    return row;
  }

  /**
   * Completes a multipart upload with the given content (the named parts in
   * order). Parts not used are queued for collection. Fails if the upload was
   * completed, reset or deleted meanwhile.
   */
  completeMultipartUpload(objectId: number, content: ObjectContent, now: number): ObjectRow {
    return this.transaction(() => {
      this.requirePendingUpload(objectId);
      this.s.collectParts.run(objectId);
      this.s.deleteParts.run(objectId);
      const row = this.s.updateObjectContent.get(content.size, content.fileHash, 'none', now, objectId)!;
      this.writeSegments(objectId, content.segments);
      return row;
    });
  }

  /**
   * Moves one object to a package and path. Refuses (without failing the
   * batch) when the object is gone or another object holds the target path:
   * a move never silently destroys an object.
   */
  moveObject(objectId: number, packageId: number, path: string): MoveOutcome {
    return this.transaction((): MoveOutcome => {
      const row = this.s.objectById.get(objectId);
      if (!row) return { ok: false, code: 'DataNotFound', message: `the object does not exist (objectID ${objectId})` };
      if (!this.s.packageById.get(packageId)) return { ok: false, code: 'DataNotFound', message: `the package does not exist (packageID ${packageId})` };
      const occupant = this.s.objectByPath.get(packageId, path);
      if (occupant && occupant.object_id !== objectId) {
        return { ok: false, code: 'DataExists', message: `an object already exists at '${path}' in this package (packageID ${packageId})` };
      }
      this.s.updateObjectLocation.run(packageId, path, objectId);
      return { ok: true };
    });
  }

  /** Copies a complete object's content to a path (blobs are shared, not copied); replaces an object there. */
  cloneObject(objectId: number, packageId: number, path: string, now: number): ObjectRow {
    return this.transaction(() => {
      const source = this.requireObject(objectId);
      if (source.redundancy === 'multipartUpload') throw badArgument(`objectID: object ${objectId} has an unfinished multipart upload and cannot be cloned`);
      const segments = this.s.segments.all(objectId);
      return this.putObject(packageId, path, { size: source.size, fileHash: source.file_hash, segments }, now);
    });
  }

  /** Deletes objects; IDs that do not exist are ignored. */
  deleteObjects(objectIds: readonly number[]): void {
    this.transaction(() => {
      for (const id of objectIds) {
        this.dropContent(id);
        this.s.deleteObject.run(id);
      }
    });
  }

  private dropContent(objectId: number): void {
    this.s.collectSegments.run(objectId);
    this.s.deleteSegments.run(objectId);
    this.s.collectParts.run(objectId);
    this.s.deleteParts.run(objectId);
  }

  private writeSegments(objectId: number, segments: ObjectContent['segments']): void {
    let offset = 0;
    segments.forEach((segment, seq) => {
      this.s.insertSegment.run(objectId, seq, offset, segment.size, segment.blob);
      offset += segment.size;
    });
  }

  // ---- blob collection ----

  /** Queues blobs for the collector: used before new blobs are put in place, so a crash before the commit leaves no orphan. */
  markForCollection(blobs: Iterable<string>): void {
    this.transaction(() => {
      for (const blob of blobs) this.s.markBlob.run(blob);
    });
  }

  collectionCandidates(limit: number): string[] {
    return this.s.gcCandidates.all(limit).map((r) => r.blob);
  }

  isBlobReferenced(blob: string): boolean {
    return this.s.blobReferenced.get(blob, blob, blob, blob) !== undefined;
  }

  /** isBlobReferenced for many blobs in one statement: the ones among them something refers to. */
  referencedBlobs(blobs: readonly string[]): Set<string> {
    if (blobs.length === 0) return new Set();
    return new Set(this.s.blobsReferenced.all(JSON.stringify(blobs)).map((r) => r.blob));
  }

  forgetCandidate(blob: string): void {
    this.s.forgetCandidate.run(blob);
  }

  integrityCheck(): string {
    return scalar<string>(this.db, 'PRAGMA integrity_check') ?? 'no result';
  }
}
