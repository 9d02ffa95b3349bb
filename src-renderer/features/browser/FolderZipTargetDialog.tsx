/**
 * Headless mode: where on the machine running the core a folder zip job
 * writes (the desktop asks the system's dialog instead). The folder picker
 * is the one sync tasks use for their local folder.
 */
import { HostFolderPicker } from '../sync/HostFolderPicker';
import { useBrowser } from './browser-context';

export function FolderZipTargetDialog({ prefix, unpack, onClose }: { prefix: string; unpack: boolean; onClose: () => void }) {
  const { actions } = useBrowser();
  return <HostFolderPicker onChoose={(path) => actions.downloadFolderZip(prefix, unpack, path)} onClose={onClose} />;
}
