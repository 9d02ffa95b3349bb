/**
 * Downloads in headless mode go through the browser: one link per object, one
 * zip per folder (the whole root is the folder ''). Loose files are never
 * bundled into their parent folder's zip: that would fetch everything else in
 * it too. Pure, unit-tested in Node.
 */
import type { ObjectTarget } from '@shared/contract/domain';
import type { BrowserDownload } from '../../lib/transport/transport';

export function browserDownloads(connectionId: string, root: string, targets: readonly ObjectTarget[] | undefined): BrowserDownload[] {
  if (!targets) return [{ kind: 'folder', connectionId, root, prefix: '' }];
  return targets.map((t): BrowserDownload =>
    t.type === 'object' ? { kind: 'object', connectionId, root, path: t.path, ...(t.ref === undefined ? {} : { ref: t.ref }) } : { kind: 'folder', connectionId, root, prefix: t.prefix },
  );
}
