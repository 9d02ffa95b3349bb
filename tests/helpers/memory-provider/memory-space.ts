/**
 * One space of the in-memory provider: its objects (bytes kept as private
 * copies, a fresh id and etag at every write, as a service that versions its
 * objects would) and, for a service with real folders, its folders. The rules
 * of the service's folder model live here: with no folders a path is one
 * name; with real folders a file and a folder never share a path, and writing
 * a file makes the folders above it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { ProviderError, ProviderErrorCode, invalidInput } from '../../../src-main/providers/provider-errors';
import { requireObjectPath } from '../../../src-main/providers/provider-paths';
import type { Capabilities, EntryRef, RemoteEntry, RootNode } from '../../../src-main/providers/storage-provider';

export interface StoredObject {
  id: number;
  path: string;
  bytes: Buffer;
  modified: string;
  etag: string;
}

let nextObjectId = 1;

export class MemorySpace {
  readonly objects = new Map<string, StoredObject>();
  /** Real folders only: every folder as its prefix ('a/', 'a/b/'). */
  readonly folders = new Set<string>();

  constructor(
    readonly node: RootNode,
    private readonly capabilities: Capabilities,
  ) {}

  /** `path` as a path this service can hold. */
  requirePath(path: string, field = 'path'): string {
    requireObjectPath(path, field);
    if (this.capabilities.folders === 'none' && path.includes('/')) throw invalidInput(`${field}: '${path}' has a '/', and this service has no folders`);
    return path;
  }

  find(entry: EntryRef, field = 'path'): StoredObject | undefined {
    if (entry.ref === undefined) return this.objects.get(this.requirePath(entry.path, field));
    for (const object of this.objects.values()) if (String(object.id) === entry.ref) return object;
    return undefined;
  }

  /** The object `entry` names; `DataNotFound` when it is gone. */
  require(entry: EntryRef): StoredObject {
    const found = this.find(entry);
    if (!found) throw new ProviderError(ProviderErrorCode.DataNotFound, `'${entry.path}' not found`);
    return found;
  }

  /** Why nothing may be written at `path` (a folder there, or a file where a folder above it should be), or undefined. */
  writeProblem(path: string): string | undefined {
    if (this.capabilities.folders !== 'real') return undefined;
    if (this.folders.has(path + '/')) return `a folder is at '${path}'`;
    for (const folder of ancestors(path)) if (this.objects.has(folder.slice(0, -1))) return `a file is at '${folder.slice(0, -1)}'`;
    return undefined;
  }

  /** Writes `bytes` at `path` (replacing what is there) as a new object. */
  write(path: string, bytes: Buffer, keepId?: number): StoredObject {
    const problem = this.writeProblem(path);
    if (problem) throw new ProviderError(ProviderErrorCode.Conflict, `cannot write '${path}': ${problem}`);
    if (this.capabilities.folders === 'real') for (const folder of ancestors(path)) this.folders.add(folder);
    const object: StoredObject = { id: keepId ?? nextObjectId++, path, bytes, modified: new Date().toISOString(), etag: randomBytes(8).toString('hex') };
    this.objects.set(path, object);
    return object;
  }

  remove(object: StoredObject): void {
    if (this.objects.get(object.path) === object) this.objects.delete(object.path);
  }

  entry(object: StoredObject): RemoteEntry {
    const hash = this.capabilities.hash;
    return {
      path: object.path,
      size: object.bytes.length,
      modified: object.modified,
      ...(hash ? { hash: { algorithm: hash.algorithm, value: createHash('sha256').update(object.bytes).digest('hex') } } : {}),
      etag: object.etag,
      ref: String(object.id),
      version: object.etag,
      extras: { id: object.id },
    };
  }
}

/** The folders above `path`, outermost first, as prefixes ('a/', 'a/b/'). */
export function ancestors(path: string): string[] {
  const out: string[] = [];
  for (let slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) out.push(path.slice(0, slash + 1));
  return out;
}
