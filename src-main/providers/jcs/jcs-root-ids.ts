/**
 * Root ids of the JCS adapter: `b<bucketID>` for buckets (level 0) and
 * `p<packageID>` for packages (level 1, the roots that hold objects). Ids come
 * back from callers (and from the app's database), so they are parsed
 * strictly: a malformed one is the caller's mistake, refused before anything
 * is sent.
 */
import { invalidInput } from '../provider-errors';

export type JcsRoot = { type: 'bucket'; bucketID: number } | { type: 'package'; packageID: number };

const ROOT_ID = /^([bp])([1-9][0-9]{0,15})$/;
const OBJECT_REF = /^[1-9][0-9]{0,15}$/;

export const bucketRootId = (bucketID: number): string => `b${bucketID}`;
export const packageRootId = (packageID: number): string => `p${packageID}`;

export function parseRootId(id: string, field = 'root'): JcsRoot {
  const m = typeof id === 'string' ? ROOT_ID.exec(id) : null;
  const n = m ? Number(m[2]) : NaN;
  if (!m || !Number.isSafeInteger(n)) throw invalidInput(`${field}: '${String(id)}' is not a root of this connection (b<bucketID> or p<packageID>)`);
  return m[1] === 'b' ? { type: 'bucket', bucketID: n } : { type: 'package', packageID: n };
}

/** The packageID of a root that holds objects. */
export function requirePackageRoot(id: string, field = 'root'): number {
  const root = parseRootId(id, field);
  if (root.type !== 'package') throw invalidInput(`${field}: '${id}' is a bucket; objects live in its packages`);
  return root.packageID;
}

/** The objectID an entry's `ref` carries. */
export function parseObjectRef(ref: string, field = 'ref'): number {
  const n = typeof ref === 'string' && OBJECT_REF.test(ref) ? Number(ref) : NaN;
  if (!Number.isSafeInteger(n)) throw invalidInput(`${field}: '${String(ref)}' is not an object of this connection`);
  return n;
}
