import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../lib/api';
import { useBrowserStore } from '../../stores/browser-store';

/** Placeholder: the connections tree (connections → buckets → packages). */
export function Sidebar() {
  const { t } = useTranslation();
  const connections = useApiQuery('connections.list', {});
  const navigate = useBrowserStore((s) => s.navigate);
  return (
    <nav className="sidebar" aria-label="connections">
      {connections.data?.map((c) => (
        <button key={c.id} type="button" className="tree-item" onClick={() => navigate({ connectionId: c.id, bucketId: null, packageId: null, prefix: '' })}>
          {c.kind === 'embedded' ? t('common.appName') : c.name}
        </button>
      ))}
    </nav>
  );
}
