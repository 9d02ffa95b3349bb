/**
 * After a root is deleted, the user must not be left inside it: the view
 * would only show "not found". This moves the current location up to the
 * level above the deleted root (whatever was open below it went too).
 */
import { useBrowserStore } from '../../stores/browser-store';

export function leaveDeletedRoot(connectionId: string, rootId: string): void {
  const { location, navigate } = useBrowserStore.getState();
  if (location?.connectionId !== connectionId) return;
  const at = location.trail.indexOf(rootId);
  if (at < 0) return;
  navigate({ connectionId, trail: location.trail.slice(0, at), root: null, prefix: '' });
}
