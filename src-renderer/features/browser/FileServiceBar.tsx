/**
 * The second toolbar of a service that sorts and filters itself: the type
 * filter it applies (beside the name filter of the main toolbar), the
 * List/Grid toggle where it makes thumbnails (remembered per connection), and
 * the usage panel's toggle where it reports usage.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from '../../components/Icon';
import { useBrowserStore } from '../../stores/browser-store';
import { useCapabilities } from '../storage/root-levels';
import { useBrowser } from './browser-context';
import { TYPE_FILTERS } from './list-query';
import { UsagePanel } from './UsagePanel';
import { ViewModeButtons } from './ViewModeButtons';

export function FileServiceBar() {
  const { t } = useTranslation();
  const { location } = useBrowser();
  const { connectionId } = location;
  const caps = useCapabilities(connectionId);
  const typeFilter = useBrowserStore((s) => s.typeFilter);
  const setTypeFilter = useBrowserStore((s) => s.setTypeFilter);
  const [usageOpen, setUsageOpen] = useState(false);
  if (!caps?.listQuery) return null;
  return (
    <>
      <div className="file-service-bar" role="toolbar" aria-label={t('fileService.bar')} data-testid="file-service-bar">
        {caps.listQuery.filters.includes('type') && (
          <label>
            {t('fileService.type.label')}
            <select className="input" value={typeFilter} onChange={(event) => setTypeFilter(event.target.value)} data-testid="type-filter">
              <option value="">{t('fileService.type.all')}</option>
              {TYPE_FILTERS.map((type) => (
                <option key={type} value={type}>
                  {t(`fileService.type.${type}`)}
                </option>
              ))}
            </select>
          </label>
        )}
        <span className="browser-toolbar-spacer" />
        {caps.thumbnails && <ViewModeButtons connectionId={connectionId} />}
        {caps.usage && (
          <button type="button" className="button" aria-pressed={usageOpen} aria-expanded={usageOpen} onClick={() => setUsageOpen(!usageOpen)} data-testid="toggle-usage">
            <Icon name="chart" />
            {t('fileService.usage.button')}
          </button>
        )}
      </div>
      {caps.usage && usageOpen && <UsagePanel connectionId={connectionId} />}
    </>
  );
}
