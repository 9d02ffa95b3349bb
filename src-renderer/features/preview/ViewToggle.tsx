/**
 * List / Thumbnails, remembered per connection, in the main toolbar of a
 * connection whose service does not sort and filter itself (the storage
 * node, JCS-pub: main makes their thumbnails). A service that does has the
 * same toggle in its own bar (FileServiceBar).
 */
import { useCapabilities } from '../storage/root-levels';
import { useBrowser } from '../browser/browser-context';
import { ViewModeButtons } from '../browser/ViewModeButtons';

export function ViewToggle() {
  const { connectionId } = useBrowser().location;
  const caps = useCapabilities(connectionId);
  if (!caps || caps.listQuery) return null;
  return <ViewModeButtons connectionId={connectionId} />;
}
