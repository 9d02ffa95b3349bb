/**
 * Which entries of a service's folder zip may be written, and where. Names
 * are decoded here (yauzl's own checks are off so that one bad name cannot
 * stop the rest), the folder's own place in the zip is stripped (Workspace
 * Files: `user_upload/<folder>/…`, or `<folder>/…` from a service that zips
 * relative to its upload folder), then every name passes the one gate for
 * remote paths (src-shared/paths/remote-path.ts: no '..', absolute path,
 * drive letter, backslash, NUL or other control character, name over 255
 * bytes) and the local target rules (src-main/core/paths/local-target.ts).
 * Links and other special entries are refused whatever their name.
 */
import { remotePathProblem } from '@shared/paths/remote-path';
import { localTarget } from '../../paths/local-target';

export interface RawZipEntry {
  /** The name's bytes as stored. */
  nameBytes: Buffer;
  /** Unix mode from the external attributes (0 when the zip was not made on Unix). */
  mode: number;
}

export type GatedEntry =
  | { accepted: true; rel: string; target: string; isDir: boolean }
  | { accepted: false; path: string; reason: string; /** A refused link's path in the folder: what lies below it is refused too. */ linkRel?: string }
  | { accepted: false; path: null; reason: 'folderItself' };

const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const S_IFLNK = 0o120000;

export function decodeName(entry: RawZipEntry): string | undefined {
  const ascii = entry.nameBytes.every((b) => b < 0x80);
  if (ascii) return entry.nameBytes.toString('latin1');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(entry.nameBytes);
  } catch {
    return undefined; // CP437 or broken: no name this app can be sure of
  }
}

/** What the folder's entries start with in this zip: tried in order, the first every well-formed name starts with wins. */
export function folderPrefixInZip(names: readonly string[], folderPrefix: string): string {
  const candidates = [...new Set([`user_upload/${folderPrefix}`, folderPrefix])];
  const wellFormed = names.filter((n) => remotePathProblem(n.replace(/\/$/, '')) === undefined);
  const covers = (prefix: string) => wellFormed.every((n) => n.startsWith(prefix) || `${n}/` === prefix || n === prefix);
  for (const candidate of candidates) if (covers(candidate)) return candidate;
  // Mixed: the candidate most names start with; the others are refused as not under the folder.
  const count = (prefix: string) => wellFormed.filter((n) => n.startsWith(prefix)).length;
  return candidates.reduce((best, c) => (count(c) > count(best) ? c : best), candidates[0]!);
}

export function gateEntry(entry: RawZipEntry, name: string | undefined, inZip: string, staging: string, platform: NodeJS.Platform): GatedEntry {
  const shown = name ?? `(undecodable name, ${entry.nameBytes.length} bytes)`;
  if (name === undefined) return { accepted: false, path: shown, reason: 'invalidUnicode' };
  const type = entry.mode & S_IFMT;
  if (type === S_IFLNK) return { accepted: false, path: shown, reason: 'symlink', linkRel: name.startsWith(inZip) ? name.slice(inZip.length).replace(/\/$/, '') : name };
  if (type !== 0 && type !== S_IFREG && type !== S_IFDIR) return { accepted: false, path: shown, reason: 'specialFile' };
  const isDir = name.endsWith('/') || type === S_IFDIR;
  const bare = name.endsWith('/') ? name.slice(0, -1) : name;
  if (`${bare}/` === inZip || bare === '') return { accepted: false, path: null, reason: 'folderItself' };
  if (!bare.startsWith(inZip) && remotePathProblem(bare) === undefined) return { accepted: false, path: shown, reason: 'notUnderFolder' };
  const rel = bare.startsWith(inZip) ? bare.slice(inZip.length) : bare;
  const problem = remotePathProblem(rel);
  if (problem) return { accepted: false, path: shown, reason: problem.reason };
  const target = localTarget(staging, rel, { platform, names: 'map', suffix: '' });
  if (!target.ok) return { accepted: false, path: shown, reason: target.problem.reason };
  return { accepted: true, rel, target: target.path, isDir };
}
