import { useApiQuery } from '../../lib/api';
import { useBrowserStore } from '../../stores/browser-store';

/** Placeholder: the packages of a bucket. */
export function PackagesView({ connectionId, bucketId }: { connectionId: string; bucketId: number }) {
  const packages = useApiQuery('packages.list', { connectionId, bucketId });
  const navigate = useBrowserStore((s) => s.navigate);
  return (
    <ul>
      {packages.data?.map((p) => (
        <li key={p.packageID}>
          <button type="button" onClick={() => navigate({ connectionId, bucketId, packageId: p.packageID, prefix: '' })}>
            {p.name}
          </button>
        </li>
      ))}
    </ul>
  );
}
