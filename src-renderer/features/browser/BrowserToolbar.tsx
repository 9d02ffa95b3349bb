/** Back, forward, up; where we are; refresh, new folder, the filter box and the details toggle. */
import { useTranslation } from 'react-i18next';
import { Icon, type IconName } from '../../components/Icon';
import { useBrowserStore } from '../../stores/browser-store';
import { Breadcrumbs } from './Breadcrumbs';
import { useBrowser } from './browser-context';

function ToolButton({ icon, label, onClick, disabled, testId, pressed }: { icon: IconName; label: string; onClick: () => void; disabled?: boolean; testId: string; pressed?: boolean }) {
  return (
    <button type="button" className="icon-button" onClick={onClick} disabled={disabled} title={label} aria-label={label} aria-pressed={pressed} data-testid={testId}>
      <Icon name={icon} />
    </button>
  );
}

export function BrowserToolbar() {
  const { t } = useTranslation();
  const { location, actions, listing } = useBrowser();
  const canBack = useBrowserStore((s) => s.back.length > 0);
  const canForward = useBrowserStore((s) => s.forward.length > 0);
  const filter = useBrowserStore((s) => s.filter);
  const setFilter = useBrowserStore((s) => s.setFilter);
  const detailsOpen = useBrowserStore((s) => s.detailsOpen);
  const toggleDetails = useBrowserStore((s) => s.toggleDetails);
  return (
    <div className="browser-toolbar" role="toolbar" aria-label={t('browser.toolbar')}>
      <ToolButton icon="arrowLeft" label={t('browser.backShortcut')} onClick={actions.goBack} disabled={!canBack} testId="nav-back" />
      <ToolButton icon="arrowRight" label={t('browser.forwardShortcut')} onClick={actions.goForward} disabled={!canForward} testId="nav-forward" />
      <ToolButton icon="arrowUp" label={t('browser.up')} onClick={actions.goUp} testId="nav-up" />
      <Breadcrumbs location={location} />
      <span className="browser-toolbar-spacer" />
      <ToolButton icon="refresh" label={t('common.refresh')} onClick={actions.refresh} disabled={listing.query.isFetching} testId="refresh" />
      <button type="button" className="button" onClick={actions.newFolder} data-testid="new-folder">
        <Icon name="plus" />
        {t('browser.newFolder')}
      </button>
      <label className="browser-filter">
        <Icon name="search" />
        <input
          className="input"
          type="search"
          value={filter}
          placeholder={t('browser.filterPlaceholder')}
          aria-label={t('browser.filterPlaceholder')}
          data-testid="filter"
          onChange={(event) => setFilter(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Escape' && filter !== '') {
              setFilter('');
              event.stopPropagation();
            }
          }}
        />
      </label>
      <ToolButton icon="info" label={t('browser.details.toggle')} onClick={() => toggleDetails()} pressed={detailsOpen} testId="toggle-details" />
    </div>
  );
}
