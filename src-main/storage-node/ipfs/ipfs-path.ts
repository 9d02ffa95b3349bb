/**
 * `arg` values naming content: a CID, `/ipfs/<cid>`, or either followed by
 * `/name/...` inside a directory. Only CIDv0 is understood: this node names
 * content only so (it makes Kubo's classic DAGs), so anything else is refused
 * as a bad request rather than looked up and "not found".
 */
import { parseCid } from '../../common/ipfs/cid';
import { kuboBadRequest, kuboCommandError } from './kubo-error';
import type { IpfsCatalog, IpfsDirRow, IpfsFileRow } from './ipfs-catalog';

export type Resolved = { kind: 'file'; cid: string; row: IpfsFileRow } | { kind: 'dir'; cid: string; row: IpfsDirRow };

/** Splits an argument into its root CID and the names below it. */
export function parseIpfsPath(arg: string): { cid: string; names: string[] } {
  const trimmed = arg.startsWith('/ipfs/') ? arg.slice('/ipfs/'.length) : arg.startsWith('/') ? undefined : arg;
  if (trimmed === undefined) throw kuboBadRequest(`invalid path '${shorten(arg)}': only /ipfs/ paths and bare CIDs are supported`);
  const [cid = '', ...names] = trimmed.split('/');
  while (names.length > 0 && names[names.length - 1] === '') names.pop();
  try {
    parseCid(cid);
  } catch (error) {
    throw kuboBadRequest(`invalid CID: ${(error as Error).message}`);
  }
  if (names.some((n) => n === '' || n === '.' || n === '..')) throw kuboBadRequest(`invalid path '${shorten(arg)}': empty, '.' and '..' names are not allowed`);
  return { cid, names };
}

export function notOnThisNode(cid: string): Error {
  return kuboCommandError(`${cid} is not on this node (block was not found locally: this node has no network and holds only content added to it)`);
}

/** Resolves an argument to a stored file or directory; 500 when any step is missing. */
export function resolveIpfsPath(catalog: IpfsCatalog, arg: string): Resolved {
  const { cid, names } = parseIpfsPath(arg);
  let current = lookup(catalog, cid);
  if (!current) throw notOnThisNode(cid);
  for (const name of names) {
    if (current.kind !== 'dir') throw kuboCommandError(`no link named '${name}' under ${current.cid} (it is a file)`);
    const link = catalog.link(current.cid, name);
    if (!link) throw kuboCommandError(`no link named '${name}' under ${current.cid}`);
    const next = lookup(catalog, link.child_cid);
    if (!next) throw notOnThisNode(link.child_cid);
    current = next;
  }
  return current;
}

function lookup(catalog: IpfsCatalog, cid: string): Resolved | undefined {
  const file = catalog.file(cid);
  if (file) return { kind: 'file', cid, row: file };
  const dir = catalog.dir(cid);
  return dir ? { kind: 'dir', cid, row: dir } : undefined;
}

function shorten(text: string): string {
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}
