/** List / Thumbnails for a connection, remembered per connection (browser store). */
import { useTranslation } from 'react-i18next';
import { Icon } from '../../components/Icon';
import { useBrowserStore } from '../../stores/browser-store';

/** The toggle itself: in the main toolbar (ViewToggle) or in a file service's own bar (FileServiceBar). */
export function ViewModeButtons({ connectionId }: { connectionId: string }) {
  const { t } = useTranslation();
  const mode = useBrowserStore((s) => s.viewModes[connectionId] ?? 'list');
  const setViewMode = useBrowserStore((s) => s.setViewMode);
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
