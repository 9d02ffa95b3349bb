/**
 * The IPFS tables (schema version 3) over the node's database. Every change
 * is one transaction: an add records its files, directories, links and pins
 * together or not at all, so a killed add leaves nothing half-recorded (its
 * placed blobs wait in blob_gc and are collected at the next start).
 */
import { inTransaction, statement, type Db } from '../../common/sqlite';

export interface IpfsFileRow {
  cid: string;
  blob: string;
  size: number;
  dag_size: number;
}

export interface IpfsDirRow {
  cid: string;
  dag_size: number;
}

export interface IpfsLinkRow {
  name: string;
  child_cid: string;
}

export interface AddRecord {
  files: ReadonlyArray<{ cid: string; blob: string; size: number; dagSize: number }>;
  dirs: ReadonlyArray<{ cid: string; dagSize: number; links: ReadonlyArray<{ name: string; cid: string }> }>;
  /** Roots to pin recursively (empty when the add asked for pin=false). */
  pins: readonly string[];
}

export type PinKind = 'recursive' | 'indirect';

/** CIDs reachable from a pin: the pins themselves and everything below them. */
const LIVE = `WITH RECURSIVE live(cid) AS (
  SELECT cid FROM ipfs_pins
  UNION SELECT l.child_cid FROM ipfs_links l JOIN live ON l.dir_cid = live.cid
)`;

export class IpfsCatalog {
  private readonly s;

  constructor(private readonly db: Db) {
    this.s = {
      file: statement<IpfsFileRow, [string]>(db, 'SELECT cid, blob, size, dag_size FROM ipfs_files WHERE cid = ?'),
      dir: statement<IpfsDirRow, [string]>(db, 'SELECT cid, dag_size FROM ipfs_dirs WHERE cid = ?'),
      links: statement<IpfsLinkRow, [string]>(db, 'SELECT name, child_cid FROM ipfs_links WHERE dir_cid = ? ORDER BY name'),
      link: statement<IpfsLinkRow, [string, string]>(db, 'SELECT name, child_cid FROM ipfs_links WHERE dir_cid = ? AND name = ?'),
      insertFile: statement<never, [string, string, number, number]>(db, 'INSERT OR IGNORE INTO ipfs_files (cid, blob, size, dag_size) VALUES (?, ?, ?, ?)'),
      insertDir: statement<never, [string, number]>(db, 'INSERT OR IGNORE INTO ipfs_dirs (cid, dag_size) VALUES (?, ?)'),
      insertLink: statement<never, [string, string, string]>(db, 'INSERT OR IGNORE INTO ipfs_links (dir_cid, name, child_cid) VALUES (?, ?, ?)'),
      insertPin: statement<never, [string, number]>(db, 'INSERT OR IGNORE INTO ipfs_pins (cid, pinned_at) VALUES (?, ?)'),
      deletePin: statement<never, [string]>(db, 'DELETE FROM ipfs_pins WHERE cid = ?'),
      isPinned: statement<{ one: number }, [string]>(db, 'SELECT 1 AS one FROM ipfs_pins WHERE cid = ?'),
      pins: statement<{ cid: string }, []>(db, 'SELECT cid FROM ipfs_pins ORDER BY cid'),
      indirect: statement<{ cid: string }, []>(
        db,
        `WITH RECURSIVE below(cid) AS (
           SELECT l.child_cid FROM ipfs_links l JOIN ipfs_pins p ON l.dir_cid = p.cid
           UNION SELECT l.child_cid FROM ipfs_links l JOIN below ON l.dir_cid = below.cid
         ) SELECT cid FROM below WHERE cid NOT IN (SELECT cid FROM ipfs_pins) ORDER BY cid`,
      ),
      pinAbove: statement<{ cid: string }, [string]>(
        db,
        `WITH RECURSIVE above(cid) AS (
           SELECT dir_cid FROM ipfs_links WHERE child_cid = ?
           UNION SELECT l.dir_cid FROM ipfs_links l JOIN above ON l.child_cid = above.cid
         ) SELECT p.cid FROM above JOIN ipfs_pins p ON p.cid = above.cid ORDER BY p.cid LIMIT 1`,
      ),
      identity: statement<{ private_key: string }, []>(db, 'SELECT private_key FROM ipfs_identity WHERE id = 1'),
      insertIdentity: statement<never, [string]>(db, 'INSERT OR IGNORE INTO ipfs_identity (id, private_key) VALUES (1, ?)'),
    };
  }

  file(cid: string): IpfsFileRow | undefined {
    return this.s.file.get(cid);
  }

  dir(cid: string): IpfsDirRow | undefined {
    return this.s.dir.get(cid);
  }

  links(dirCid: string): IpfsLinkRow[] {
    return this.s.links.all(dirCid);
  }

  link(dirCid: string, name: string): IpfsLinkRow | undefined {
    return this.s.link.get(dirCid, name);
  }

  has(cid: string): boolean {
    return this.file(cid) !== undefined || this.dir(cid) !== undefined;
  }

  /** Records an add in one transaction. Content already known keeps its rows (a CID names one content). */
  recordAdd(record: AddRecord, now: number): void {
    this.transaction(() => {
      for (const file of record.files) this.s.insertFile.run(file.cid, file.blob, file.size, file.dagSize);
      for (const dir of record.dirs) {
        this.s.insertDir.run(dir.cid, dir.dagSize);
        for (const link of dir.links) this.s.insertLink.run(dir.cid, link.name, link.cid);
      }
      for (const cid of record.pins) this.s.insertPin.run(cid, now);
    });
  }

  pin(cids: readonly string[], now: number): void {
    this.transaction(() => {
      for (const cid of cids) this.s.insertPin.run(cid, now);
    });
  }

  unpin(cids: readonly string[]): void {
    this.transaction(() => {
      for (const cid of cids) this.s.deletePin.run(cid);
    });
  }

  isPinned(cid: string): boolean {
    return this.s.isPinned.get(cid) !== undefined;
  }

  /** A pinned directory that `cid` lies below, if any. */
  pinnedAncestor(cid: string): string | undefined {
    return this.s.pinAbove.get(cid)?.cid;
  }

  /** How `cid` is pinned, if it is. */
  pinKind(cid: string): PinKind | undefined {
    if (this.isPinned(cid)) return 'recursive';
    return this.pinnedAncestor(cid) !== undefined ? 'indirect' : undefined;
  }

  recursivePins(): IterableIterator<{ cid: string }> {
    return this.s.pins.iterate();
  }

  indirectPins(): IterableIterator<{ cid: string }> {
    return this.s.indirect.iterate();
  }

  /**
   * Drops every row no pin reaches and queues the blobs of dropped files for
   * the collector (which keeps any blob an object still uses). One
   * transaction, so it never interleaves with an add's commit.
   */
  collectUnpinned(): number {
    return this.transaction(() => {
      this.db.exec(`
        CREATE TEMP TABLE IF NOT EXISTS ipfs_live (cid TEXT PRIMARY KEY) WITHOUT ROWID;
        DELETE FROM temp.ipfs_live;
        ${LIVE} INSERT INTO temp.ipfs_live (cid) SELECT cid FROM live;
        INSERT OR IGNORE INTO blob_gc (blob) SELECT blob FROM ipfs_files WHERE cid NOT IN (SELECT cid FROM temp.ipfs_live);
      `);
      const dropped = this.db.prepare('DELETE FROM ipfs_files WHERE cid NOT IN (SELECT cid FROM temp.ipfs_live)').run().changes;
      this.db.exec(`
        DELETE FROM ipfs_links WHERE dir_cid NOT IN (SELECT cid FROM temp.ipfs_live);
        DELETE FROM ipfs_dirs WHERE cid NOT IN (SELECT cid FROM temp.ipfs_live);
        DELETE FROM temp.ipfs_live;
      `);
      return dropped;
    });
  }

  /** The node's peer key (PKCS#8 DER), made once per data folder by `create`. */
  identityKey(create: () => Buffer): Buffer {
    const existing = this.s.identity.get();
    if (existing) return Buffer.from(existing.private_key, 'base64');
    this.s.insertIdentity.run(create().toString('base64'));
    return Buffer.from(this.s.identity.get()!.private_key, 'base64');
  }

  private transaction<T>(fn: () => T): T {
    return inTransaction(this.db, fn);
  }
}
