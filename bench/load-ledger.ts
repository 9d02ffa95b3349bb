/**
 * What one load client believes its part of the node holds: every object whose
 * last change the node acknowledged, by package and path, with the seed that
 * regenerates its bytes (so no content is kept in memory). A change the node
 * never answered (it was SIGKILLed meanwhile) leaves its paths uncertain: each
 * keeps the states it may be in until the client looks and adopts the one the
 * node shows. Any other state is a lost or damaged object.
 */
import { createHash } from 'node:crypto';

export interface Entry {
  packageID: number;
  path: string;
  /** Unknown only for an upload the node never answered. */
  objectID: number | undefined;
  seed: number;
  size: number;
  /** `Full` + uppercase SHA-256, as the node reports it. */
  fileHash: string;
}

/** A state an uncertain path may be in: absent, an object, or a multipart upload left pending. */
export type Candidate = { kind: 'absent' } | { kind: 'object'; entry: Entry } | { kind: 'pending' };

export const key = (packageID: number, path: string) => `${packageID}/${path}`;

/** Deterministic bytes for a seed: regenerated for uploads, ranged reads and the final check. */
export function contentOf(seed: number, size: number): Buffer {
  const out = Buffer.allocUnsafe(size);
  let x = seed >>> 0 || 1;
  let i = 0;
  for (; i + 4 <= size; i += 4) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out.writeUInt32LE(x >>> 0, i);
  }
  for (; i < size; i++) out[i] = (x >>> (8 * (i % 4))) & 0xff;
  return out;
}

export function fullHashOf(data: Buffer): string {
  return 'Full' + createHash('sha256').update(data).digest('hex').toUpperCase();
}

export class Ledger {
  readonly entries = new Map<string, Entry>();
  readonly uncertain = new Map<string, { packageID: number; path: string; candidates: Candidate[] }>();
  readonly packages: number[] = [];

  set(entry: Entry): void {
    this.entries.set(key(entry.packageID, entry.path), entry);
  }

  remove(packageID: number, path: string): void {
    this.entries.delete(key(packageID, path));
  }

  at(packageID: number, path: string): Entry | undefined {
    return this.entries.get(key(packageID, path));
  }

  /** The path's state before a change the node may or may not have applied, plus the states the change would leave. */
  markUncertain(packageID: number, path: string, after: Candidate[]): void {
    const k = key(packageID, path);
    const before = this.uncertain.get(k)?.candidates ?? [this.entries.has(k) ? { kind: 'object' as const, entry: this.entries.get(k)! } : { kind: 'absent' as const }];
    this.entries.delete(k);
    this.uncertain.set(k, { packageID, path, candidates: [...before, ...after] });
  }

  isUncertain(packageID: number, path: string): boolean {
    return this.uncertain.has(key(packageID, path));
  }

  entriesOf(packageID: number): Entry[] {
    return [...this.entries.values()].filter((e) => e.packageID === packageID);
  }

  hasUncertainIn(packageID: number): boolean {
    for (const u of this.uncertain.values()) if (u.packageID === packageID) return true;
    return false;
  }
}
