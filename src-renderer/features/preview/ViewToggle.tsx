/**
 * List / Thumbnails, remembered per connection, in the main toolbar of a
 * connection whose service does not sort and filter itself (the storage
 * node, JCS-pub: main makes their thumbnails). A service that does has the
 * same toggle in its own bar (FileServiceBar).
 */
import { useTranslation } from 'react-i18next';
import { Icon } from '../../components/Icon';
import { useBrowserStore } from '../../stores/browser-store';
import { useCapabilities } from '../storage/root-levels';
import { useBrowser } from '../browser/browser-context';

export function ViewToggle() {
  const { t } = useTranslation();
  const { connectionId } = useBrowser().location;
  const caps = useCapabilities(connectionId);
  const mode = useBrowserStore((s) => s.viewModes[connectionId] ?? 'list');
  const setViewMode = useBrowserStore((s) => s.setViewMode);
  if (!caps || caps.listQuery) return null;
  return (
    <span className="view-toggle" role="group" aria-label={t('fileService.view.label')}>
      <button type="button" className="icon-button" aria-pressed={mode === 'list'} title={t('fileService.view.list')} aria-label={t('fileService.view.list')} onClick={() => setViewMode(connectionId, 'list')} data-testid="view-list">
        <Icon name="list" />
      </button>
      <button type="button" className="icon-button" aria-pressed={mode === 'grid'} title={t('fileService.view.grid')} aria-label={t('fileService.view.grid')} onClick={() => setViewMode(connectionId, 'grid')} data-testid="view-grid">
        <Icon name="grid" />
      </button>
    </span>
  );
}
