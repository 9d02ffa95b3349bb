/**
 * One simulated user of the load bench: its own bucket and packages, one
 * operation at a time (small and multipart uploads, whole and ranged
 * downloads, listings, moves, deletes, package and bucket creates), each
 * answer checked against its ledger. Before a change is sent its paths are
 * marked uncertain; the node's answer settles them. A change the node never
 * answered (a SIGKILL) is settled by looking once the node is back.
 */
import type { Readable } from 'node:stream';
import { JcsClient } from '../src-main/providers/jcs/jcs-client';
import { JcsError } from '../src-main/providers/jcs/jcs-errors';
import type { JcsObject } from '../src-shared/jcs/wire';
import { contentOf, fullHashOf, key, Ledger, type Entry } from './load-ledger';
import type { LoadStats } from './load-stats';

export interface LoadEnv {
  url: string;
  credentials: { accessKey: string; secretKey: string };
  /** Bumped at every SIGKILL: an operation that saw it change was interrupted, not failed. */
  generation(): number;
  /** Resolves once the node serves (at once, unless it is restarting). */
  up(): Promise<void>;
  stats: LoadStats;
}

type Op = 'smallUpload' | 'replaceUpload' | 'multipartUpload' | 'download' | 'rangedDownload' | 'list' | 'move' | 'delete' | 'createPackage' | 'createBucket';
const WEIGHTS: ReadonlyArray<[Op, number]> = [
  ['smallUpload', 22],
  ['replaceUpload', 4],
  ['multipartUpload', 6],
  ['download', 16],
  ['rangedDownload', 12],
  ['list', 12],
  ['move', 12],
  ['delete', 10],
  ['createPackage', 3],
  ['createBucket', 1],
];
const TOTAL_WEIGHT = WEIGHTS.reduce((sum, [, w]) => sum + w, 0);
const MAX_OBJECTS = 250;
const MAX_PACKAGES = 6;

export class LoadClient {
  readonly ledger = new Ledger();
  private client: JcsClient | undefined;
  private clientGeneration = -1;
  private rng: number;
  private counter = 0;
  private readonly buckets: Array<{ bucketID: number; name: string }> = [];
  /** Buckets or packages whose create was never answered: looked up by name. */
  private readonly unsureCreates: Array<{ bucket: string; pkg: string | undefined }> = [];

  constructor(
    readonly id: number,
    private readonly env: LoadEnv,
  ) {
    this.rng = 0x9e3779b9 ^ (id * 2654435761);
  }

  async run(deadline: number): Promise<void> {
    await this.attempt('createBucket', () => this.createBucket());
    while (performance.now() < deadline) {
      await this.env.up();
      if (this.ledger.uncertain.size > 0 || this.unsureCreates.length > 0) await this.attempt('settle', () => this.settle());
      else if (this.ledger.packages.length === 0) await this.attempt('createBucket', () => this.createBucket());
      else {
        const op = this.pick();
        await this.attempt(op, () => this[op]());
      }
    }
  }

  /** Every acknowledged object is there, as acknowledged, and its bytes hash to its fileHash; returns the objects and bytes checked. */
  async verify(): Promise<{ objects: number; bytes: number }> {
    await this.env.up();
    while (this.ledger.uncertain.size > 0 || this.unsureCreates.length > 0) await this.attempt('settle', () => this.settle());
    const c = this.current();
    let bytes = 0;
    for (const packageID of this.ledger.packages) {
      const listed = new Map((await this.call(() => c.getPackageObjects(packageID))).map((o) => [o.path, o]));
      for (const entry of this.ledger.entriesOf(packageID)) {
        const found = listed.get(entry.path);
        listed.delete(entry.path);
        if (!found || !matches(found, entry)) {
          this.env.stats.violation(`client ${this.id}: acknowledged ${key(packageID, entry.path)} is ${found ? `now ${found.size} bytes ${found.fileHash.slice(4, 12)}…` : 'missing'}`);
          continue;
        }
        const download = await this.call(() => c.download({ objectID: found.objectID }));
        const data = await readAll(download.stream);
        if (fullHashOf(data) !== entry.fileHash) this.env.stats.violation(`client ${this.id}: the bytes of ${key(packageID, entry.path)} do not hash to its fileHash`);
        else this.env.stats.verified++;
        bytes += data.length;
      }
      for (const extra of listed.values()) this.env.stats.violation(`client ${this.id}: ${key(packageID, extra.path)} exists but was never acknowledged`);
    }
    return { objects: this.ledger.entries.size, bytes };
  }

  // ---- operations ----

  private async smallUpload(replace = false): Promise<void> {
    const packageID = this.pickPackage();
    const targets = replace ? this.sample(this.ledger.entriesOf(packageID), 1 + this.int(3)) : [];
    if (replace && targets.length === 0) return;
    const count = replace ? targets.length : 1 + this.int(6);
    const files = Array.from({ length: count }, (_, i) => {
      const size = this.int(10) === 0 ? 0 : 1 + this.int(32 * 1024);
      const seed = this.next();
      const body = contentOf(seed, size);
      return { path: targets[i]?.path ?? this.newPath(), body, seed, size, fileHash: fullHashOf(body), keepsId: targets[i]?.objectID };
    });
    for (const f of files) this.ledger.markUncertain(packageID, f.path, [{ kind: 'object', entry: { packageID, path: f.path, objectID: undefined, seed: f.seed, size: f.size, fileHash: f.fileHash } }]);
    const uploaded = await this.call(() => this.current().uploadObjects(packageID, files));
    files.forEach((f, i) => {
      const got = uploaded[i];
      const entry: Entry = { packageID, path: f.path, objectID: got?.objectID, seed: f.seed, size: f.size, fileHash: f.fileHash };
      if (!got || !matches(got, entry) || (f.keepsId !== undefined && got.objectID !== f.keepsId)) this.env.stats.violation(`client ${this.id}: upload of ${f.path} answered ${JSON.stringify(got)}`);
      this.settled(entry);
    });
  }

  private replaceUpload(): Promise<void> {
    return this.smallUpload(true);
  }

  private async multipartUpload(): Promise<void> {
    const packageID = this.pickPackage();
    const path = this.newPath('mp');
    const parts = 2 + this.int(3);
    const partSize = 64 * 1024 * (1 + this.int(8));
    const size = partSize * (parts - 1) + 1 + this.int(partSize);
    const seed = this.next();
    const body = contentOf(seed, size);
    const entry: Entry = { packageID, path, objectID: undefined, seed, size, fileHash: fullHashOf(body) };
    this.ledger.markUncertain(packageID, path, [{ kind: 'pending' }, { kind: 'object', entry }]);
    const c = this.current();
    const started = await this.call(() => c.newMultipartUpload(packageID, path));
    const indexes = Array.from({ length: parts }, (_, i) => i + 1);
    for (const index of this.sample(indexes, parts)) {
      await this.call(() => c.uploadPart(started.objectID, index, body.subarray((index - 1) * partSize, Math.min(size, index * partSize))));
    }
    const done = await this.call(() => c.completeMultipartUpload(started.objectID, indexes));
    entry.objectID = started.objectID;
    if (!matches(done, entry)) this.env.stats.violation(`client ${this.id}: multipart ${path} completed as ${done.size} bytes ${done.fileHash.slice(4, 12)}…`);
    this.settled(entry);
  }

  private async download(ranged = false): Promise<void> {
    const entry = this.sample([...this.ledger.entries.values()], 1)[0];
    if (!entry) return;
    const c = this.current();
    const address = this.int(2) === 0 ? { objectID: entry.objectID! } : { packageID: entry.packageID, path: entry.path };
    const offset = ranged && entry.size > 0 ? this.int(entry.size) : 0;
    const length = ranged ? this.int(entry.size - offset + 1) : entry.size;
    const got = await readAll((await this.call(() => c.download(address, ranged ? { offset, length } : undefined))).stream);
    const expected = contentOf(entry.seed, entry.size).subarray(offset, offset + length);
    if (!got.equals(expected)) this.env.stats.violation(`client ${this.id}: ${ranged ? `bytes ${offset}+${length} of ` : ''}${entry.path} came back different`);
  }

  private rangedDownload(): Promise<void> {
    return this.download(true);
  }

  private async list(): Promise<void> {
    const packageID = this.pickPackage();
    const seen = new Map<string, string>();
    for await (const page of this.current().listAllByPath({ packageID, path: '', maxKeys: 1 + this.int(300) })) {
      this.env.stats.requests++;
      for (const o of page.objects) seen.set(o.path, o.fileHash);
    }
    const expected = new Map(this.ledger.entriesOf(packageID).map((e) => [e.path, e.fileHash]));
    for (const [path, hash] of seen) if (!this.ledger.isUncertain(packageID, path) && expected.get(path) !== hash) this.env.stats.violation(`client ${this.id}: listing shows ${key(packageID, path)} unexpectedly`);
    for (const path of expected.keys()) if (!seen.has(path)) this.env.stats.violation(`client ${this.id}: listing misses ${key(packageID, path)}`);
  }

  private async move(): Promise<void> {
    const entry = this.sample([...this.ledger.entries.values()], 1)[0];
    if (!entry) return;
    const packageID = this.pickPackage();
    const occupied = this.int(5) === 0 ? this.sample(this.ledger.entriesOf(packageID).filter((e) => e !== entry), 1)[0] : undefined;
    const path = occupied?.path ?? this.newPath('moved');
    const c = this.current();
    if (occupied) {
      // A move never overwrites: nothing may change, answered or not.
      const moved = await this.call(() => c.moveObjects([{ objectID: entry.objectID!, packageID, path }]));
      if (moved.length > 0) this.env.stats.violation(`client ${this.id}: a move onto the taken ${key(packageID, path)} succeeded`);
      return;
    }
    const after: Entry = { ...entry, packageID, path };
    this.ledger.markUncertain(entry.packageID, entry.path, [{ kind: 'absent' }]);
    this.ledger.markUncertain(packageID, path, [{ kind: 'object', entry: after }]);
    const moved = await this.call(() => c.moveObjects([{ objectID: entry.objectID!, packageID, path }]));
    if (!moved.includes(entry.objectID!)) this.env.stats.violation(`client ${this.id}: move of ${entry.path} to ${path} was refused`);
    this.settledAbsent(entry.packageID, entry.path);
    this.settled(after);
  }

  private async delete(): Promise<void> {
    const packageID = this.pickPackage();
    const victims = this.sample(this.ledger.entriesOf(packageID), 1 + this.int(4));
    if (victims.length === 0) return;
    for (const v of victims) this.ledger.markUncertain(packageID, v.path, [{ kind: 'absent' }]);
    await this.call(() => this.current().deleteObjects(victims.map((v) => v.objectID!)));
    for (const v of victims) this.settledAbsent(packageID, v.path);
  }

  private async createPackage(bucket = this.buckets[this.int(this.buckets.length)]): Promise<void> {
    if (!bucket || this.ledger.packages.length >= MAX_PACKAGES) return;
    const name = `p${this.counter++}`;
    this.unsureCreates.push({ bucket: bucket.name, pkg: name });
    const pkg = await this.call(() => this.current().createPackage(bucket.bucketID, name));
    this.unsureCreates.pop();
    this.ledger.packages.push(pkg.packageID);
  }

  private async createBucket(): Promise<void> {
    if (this.ledger.packages.length >= MAX_PACKAGES) return;
    const name = `load-${this.id}-${this.counter++}`;
    this.unsureCreates.push({ bucket: name, pkg: undefined });
    const bucket = await this.call(() => this.current().createBucket(name));
    this.unsureCreates.pop();
    this.buckets.push(bucket);
    await this.createPackage(bucket);
  }

  /** Looks at every path and create the node never answered, and adopts what it shows if that is a state it may be in. */
  private async settle(): Promise<void> {
    const c = this.current();
    const missing = (error: unknown) => {
      if (error instanceof JcsError && error.code === 'DataNotFound') return undefined;
      throw error;
    };
    for (const create of [...this.unsureCreates]) {
      let applied: boolean;
      if (create.pkg === undefined) {
        const bucket = await this.call(() => c.getBucketByName(create.bucket)).catch(missing);
        if (bucket) this.buckets.push(bucket);
        applied = bucket !== undefined;
      } else {
        const pkg = await this.call(() => c.getPackageByFullName(create.bucket, create.pkg!)).catch(missing);
        if (pkg) this.ledger.packages.push(pkg.packageID);
        applied = pkg !== undefined;
      }
      this.unsureCreates.splice(this.unsureCreates.indexOf(create), 1);
      this.env.stats.settled(applied);
    }
    for (const { packageID, path, candidates } of [...this.ledger.uncertain.values()]) {
      const found = (await this.call(() => c.listByPath({ packageID, path }))).objects[0];
      if (!found) {
        if (!candidates.some((k) => k.kind === 'absent')) this.env.stats.violation(`client ${this.id}: ${key(packageID, path)} vanished`);
        this.settledAbsent(packageID, path);
      } else if (found.redundancy.type === 'multipartUpload' && candidates.some((k) => k.kind === 'pending')) {
        await this.call(() => c.deleteObjects([found.objectID])); // an upload cut off by the kill: dropped, as its client would
        this.settledAbsent(packageID, path);
      } else {
        const match = candidates.find((k) => k.kind === 'object' && matches(found, k.entry));
        if (match?.kind === 'object') this.settled({ ...match.entry, objectID: found.objectID });
        else {
          this.env.stats.violation(`client ${this.id}: ${key(packageID, path)} is in no state it may be in (${found.size} bytes ${found.fileHash.slice(4, 12)}…)`);
          this.ledger.uncertain.delete(key(packageID, path));
        }
      }
      this.env.stats.settled(found !== undefined);
    }
  }

  // ---- plumbing ----

  private async attempt(op: string, run: () => Promise<void>): Promise<void> {
    const generation = this.env.generation();
    try {
      await run();
      this.env.stats.op(op);
    } catch (error) {
      if (this.env.generation() !== generation) this.env.stats.interrupted++;
      else this.env.stats.error(`client ${this.id} ${op}: ${(error as Error).message}`);
    }
  }

  private async call<T>(run: () => Promise<T>): Promise<T> {
    this.env.stats.requests++;
    return run();
  }

  /** This generation's client: after a restart, new connections (the old keep-alive sockets died with the node). */
  private current(): JcsClient {
    const generation = this.env.generation();
    if (!this.client || this.clientGeneration !== generation) {
      this.client?.close();
      this.client = new JcsClient({ baseUrl: this.env.url, credentials: this.env.credentials, maxSockets: 2 });
      this.clientGeneration = generation;
    }
    return this.client;
  }

  private settled(entry: Entry): void {
    this.ledger.uncertain.delete(key(entry.packageID, entry.path));
    this.ledger.set(entry);
  }

  private settledAbsent(packageID: number, path: string): void {
    this.ledger.uncertain.delete(key(packageID, path));
    this.ledger.remove(packageID, path);
  }

  private pick(): Op {
    if (this.ledger.entries.size >= MAX_OBJECTS) return this.int(2) === 0 ? 'delete' : 'download';
    let roll = this.int(TOTAL_WEIGHT);
    const op = WEIGHTS.find(([, weight]) => (roll -= weight) < 0)?.[0] ?? 'download';
    // Only operations that have something to work on (each is then a real request).
    if ((op === 'createBucket' || op === 'createPackage') && this.ledger.packages.length >= MAX_PACKAGES) return 'list';
    if (this.ledger.entries.size === 0 && !['smallUpload', 'multipartUpload', 'list', 'createBucket', 'createPackage'].includes(op)) return 'smallUpload';
    return op;
  }

  private pickPackage(): number {
    return this.ledger.packages[this.int(this.ledger.packages.length)]!;
  }

  private newPath(prefix = `dir${this.int(4)}/sub${this.int(3)}`): string {
    return `${prefix}/f${this.counter++}.bin`;
  }

  private sample<T>(items: readonly T[], count: number): T[] {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
    }
    return copy.slice(0, count);
  }

  private next(): number {
    this.rng ^= this.rng << 13;
    this.rng ^= this.rng >>> 17;
    this.rng ^= this.rng << 5;
    return this.rng >>> 0;
  }

  private int(below: number): number {
    return below <= 0 ? 0 : this.next() % below;
  }
}

function matches(found: JcsObject, entry: Entry): boolean {
  return found.size === entry.size && found.fileHash === entry.fileHash && found.redundancy.type === 'none' && (entry.objectID === undefined || found.objectID === entry.objectID);
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
