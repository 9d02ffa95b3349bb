import { useApiQuery } from '../../lib/api';
import { useBrowserStore } from '../../stores/browser-store';

/** Placeholder: the buckets of a connection. */
export function BucketsView({ connectionId }: { connectionId: string }) {
  const buckets = useApiQuery('buckets.list', { connectionId });
  const navigate = useBrowserStore((s) => s.navigate);
  return (
    <ul>
      {buckets.data?.map((b) => (
        <li key={b.bucketID}>
          <button type="button" onClick={() => navigate({ connectionId, bucketId: b.bucketID, packageId: null, prefix: '' })}>
            {b.name}
          </button>
        </li>
      ))}
    </ul>
  );
}
