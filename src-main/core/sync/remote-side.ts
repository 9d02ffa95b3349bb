/**
 * The remote side of a sync task: the connection's provider, the root and the
 * folder inside it, and what sync may do there as the provider's capabilities
 * allow. Sync never asks a provider for what it cannot do; where a service
 * lacks a feature the task does less, never something that could lose a file:
 *
 * - Trash. What sync deletes or replaces on the remote goes to the remote
 *   trash (`<remotePath>.jcs-trash/<stamp>/<path>`) by a server-side move,
 *   which needs `move` and folders (a flat service cannot hold that path).
 *   Without them the remote keeps no trash: the version sync would delete or
 *   replace is first downloaded into the local folder's trash, and deleted or
 *   replaced only once that copy is complete and still the version planned
 *   (keep-copies.ts). Deleting then needs `delete`; a service with neither
 *   move nor delete never gets a deletion propagated to it.
 * - Renames. A local rename becomes a remote move only with `move`; otherwise
 *   it is an upload of the new name and, if deletions propagate, a deletion of
 *   the old one (kept as above).
 * - Conflicts. The package's version steps aside under the conflict name by a
 *   remote move. Without `move`, a two-way task renames this computer's
 *   version aside instead (both versions still end up on both sides), and an
 *   upload task keeps the remote change as it is (a kept change: Revert sends
 *   the local version, the remote one kept in the local trash first).
 * - Folders. A service without folders holds a task at its root only, and the
 *   task syncs the files directly in the local folder; its subfolders are
 *   left alone on both sides.
 */
import type { StorageProvider } from '../../providers/storage-provider';

export interface RemoteSide {
  connectionId: string;
  provider: StorageProvider;
  root: string;
  /** '' or a folder path ending in '/'. */
  remotePath: string;
  /** Entries a listing page asks for (remote-scan.ts's LISTING_PAGE_KEYS unless set): tests set fewer, to cross page edges. */
  listPageKeys?: number;
}

export interface RemotePolicy {
  /** Deleted and replaced remote versions go to the remote trash by a move. */
  trash: boolean;
  /** Renames and conflict copies are made by remote moves. */
  moves: boolean;
  /** Deletions may reach the remote (into its trash, or by `delete` once the local trash holds a copy). */
  deletes: boolean;
  /** Paths may have folders (a flat service: no '/'). */
  folders: boolean;
}

export function remotePolicy(provider: Pick<StorageProvider, 'capabilities'>): RemotePolicy {
  const caps = provider.capabilities;
  const folders = caps.folders !== 'none';
  const trash = caps.move && folders;
  return { trash, moves: caps.move, deletes: trash || caps.delete, folders };
}
