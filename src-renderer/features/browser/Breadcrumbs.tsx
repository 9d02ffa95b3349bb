/** The roots down to this one (JCS: bucket › package), then folder › folder — each one a way back there. */
import { useTranslation } from 'react-i18next';
import { Icon } from '../../components/Icon';
import { trailLocation, useBrowserStore } from '../../stores/browser-store';
import { rootIcon, useCapabilities } from '../storage/root-levels';
import { useTrailNames } from '../storage/use-root-name';
import { folderName } from './listing';
import type { ContentLocation } from './location';
import { prefixChain } from './names';

export function Breadcrumbs({ location }: { location: ContentLocation }) {
  const { t } = useTranslation();
  const navigate = useBrowserStore((s) => s.navigate);
  const { connectionId, trail } = location;
  const levels = useCapabilities(connectionId)?.rootLevels ?? [];
  const names = useTrailNames(connectionId, trail);
  const crumbs = [
    ...trail.map((id, i) => ({
      id: `root:${id}`,
      label: names[i] || '…',
      go: () => navigate(trailLocation(connectionId, trail.slice(0, i + 1), trail.length)),
      icon: rootIcon(levels, i),
      current: i === trail.length - 1 && location.prefix === '',
    })),
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
