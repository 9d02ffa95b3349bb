/**
 * After a bucket or package is deleted, the user must not be left inside it:
 * the view would only show "not found". These move the current location up to
 * the nearest level that still exists.
 */
import { useBrowserStore } from '../../stores/browser-store';

export function leaveDeletedBucket(connectionId: string, bucketId: number): void {
  const { location, navigate } = useBrowserStore.getState();
  if (location?.connectionId === connectionId && location.bucketId === bucketId) {
    navigate({ connectionId, bucketId: null, packageId: null, prefix: '' });
  }
}

export function leaveDeletedPackage(connectionId: string, bucketId: number, packageId: number): void {
  const { location, navigate } = useBrowserStore.getState();
  if (location?.connectionId === connectionId && location.packageId === packageId) {
    navigate({ connectionId, bucketId, packageId: null, prefix: '' });
  }
}
