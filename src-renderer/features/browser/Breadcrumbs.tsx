/** bucket › package › folder › folder — each one a way back there. */
import { useTranslation } from 'react-i18next';
import { Icon } from '../../components/Icon';
import { useApiQuery } from '../../lib/api';
import { useBrowserStore } from '../../stores/browser-store';
import { folderName } from './listing';
import type { PackageLocation } from './location';
import { prefixChain } from './names';

export function Breadcrumbs({ location }: { location: PackageLocation }) {
  const { t } = useTranslation();
  const navigate = useBrowserStore((s) => s.navigate);
  const { connectionId, bucketId, packageId } = location;
  const bucket = useApiQuery('buckets.list', { connectionId }).data?.find((b) => b.bucketID === bucketId);
  const pkg = useApiQuery('packages.list', { connectionId, bucketId }).data?.find((p) => p.packageID === packageId);
  const crumbs = [
    { id: 'bucket', label: bucket?.name ?? '…', go: () => navigate({ connectionId, bucketId, packageId: null, prefix: '' }), icon: 'bucket' as const },
    { id: 'package', label: pkg?.name ?? '…', go: () => navigate({ ...location, prefix: '' }), icon: 'package' as const, current: location.prefix === '' },
    ...prefixChain(location.prefix).map((prefix) => ({ id: prefix, label: folderName(prefix), go: () => navigate({ ...location, prefix }), icon: 'folder' as const, current: prefix === location.prefix })),
  ];
  return (
    <nav className="browser-breadcrumbs" aria-label={t('browser.breadcrumbs')} data-testid="breadcrumbs">
      <ol>
        {crumbs.map((crumb, i) => (
          <li key={crumb.id}>
            {i > 0 && <Icon name="chevronRight" size={12} />}
            <button type="button" className="crumb" onClick={crumb.go} aria-current={crumb.current ? 'location' : undefined} data-testid="crumb" title={crumb.label}>
              <Icon name={crumb.icon} size={14} />
              <span>{crumb.label}</span>
            </button>
          </li>
        ))}
      </ol>
    </nav>
  );
}
