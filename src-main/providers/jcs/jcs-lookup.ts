/**
 * Exact lookups the adapter makes on its own behalf: the object at a path,
 * and the objectID an entry stands for (its `ref` when the caller has one, so
 * the call acts on that object even if the path was taken over since).
 */
import type { JcsObject } from '@shared/jcs/wire';
import { requireObjectPath } from '../provider-paths';
import type { EntryRef } from '../storage-provider';
import type { JcsClient } from './jcs-client';
import { parseObjectRef } from './jcs-root-ids';

/** The object at exactly `path` in the package, or undefined. Call inside `mapped`. */
export async function objectAt(client: JcsClient, packageID: number, path: string, signal?: AbortSignal): Promise<JcsObject | undefined> {
  const page = await client.listByPath({ packageID, path, isPrefix: false }, signal);
  return page.objects[0];
}

/** The objectID `entry` names, or undefined when it names nothing (no ref, and nothing at its path). */
export async function objectIdOf(client: JcsClient, packageID: number, entry: EntryRef, signal?: AbortSignal): Promise<number | undefined> {
  if (entry.ref !== undefined) return parseObjectRef(entry.ref);
  return (await objectAt(client, packageID, requireObjectPath(entry.path), signal))?.objectID;
}
