import type { BrowseLocation } from '../../stores/browser-store';
import { useApiQuery } from '../../lib/api';

export type PackageLocation = BrowseLocation & { bucketId: number; packageId: number };

/** Placeholder: a package's folder tree. */
export function ObjectBrowser({ location }: { location: PackageLocation }) {
  const page = useApiQuery('objects.list', { connectionId: location.connectionId, packageId: location.packageId, prefix: location.prefix });
  return (
    <ul>
      {page.data?.folders.map((f) => <li key={f}>{f}</li>)}
      {page.data?.objects.map((o) => <li key={o.objectID}>{o.path}</li>)}
    </ul>
  );
}
