/** Back, forward, up; where we are; refresh, new folder, upload, download, the filter box, the search box and the details toggle. */
import { useCallback, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ContextMenu } from '../../components/ContextMenu';
import { Icon, type IconName } from '../../components/Icon';
import { useBrowserStore } from '../../stores/browser-store';
import { levelText, useCapabilities } from '../storage/root-levels';
import { SearchBox } from '../search/SearchBox';
import { Breadcrumbs } from './Breadcrumbs';
import { selectedEntries, useBrowser } from './browser-context';
import { downloadRequest, isViewOnly, publishRequest } from './targets';
import { ViewToggle } from '../preview/ViewToggle';

function ToolButton({ icon, label, onClick, disabled, testId, pressed }: { icon: IconName; label: string; onClick: () => void; disabled?: boolean; testId: string; pressed?: boolean }) {
  return (
    <button type="button" className="icon-button" onClick={onClick} disabled={disabled} title={label} aria-label={label} aria-pressed={pressed} data-testid={testId}>
      <Icon name={icon} />
    </button>
  );
}

export function BrowserToolbar() {
  const { t } = useTranslation();
  const { location, actions, listing, refusals } = useBrowser();
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
      <button type="button" className="button" onClick={actions.newFolder} disabled={!!refusals.newFolder} title={refusals.newFolder && t(refusals.newFolder)} data-testid="new-folder">
        <Icon name="plus" />
        {t('browser.newFolder')}
      </button>
      <UploadButton />
      <DownloadButton />
      <PublishButton />
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
      <ViewToggle />
      <SearchBox />
      <ToolButton icon="info" label={t('browser.details.toggle')} onClick={() => toggleDetails()} pressed={detailsOpen} testId="toggle-details" />
    </div>
  );
}

/** "Upload" opens a small menu: files, or a folder, into the folder being viewed. */
function UploadButton() {
  const { t } = useTranslation();
  const { actions, gone } = useBrowser();
  const button = useRef<HTMLButtonElement>(null);
  const [menu, setMenu] = useState<{ x: number; y: number } | null>(null);
  // The menu closes on any press outside it, this button's included: that press must not open it again.
  const closedAt = useRef(0);
  const close = useCallback(() => {
    closedAt.current = performance.now();
    setMenu(null);
    button.current?.focus();
  }, []);
  const open = () => {
    if (menu || performance.now() - closedAt.current < 250) return;
    const rect = button.current?.getBoundingClientRect();
    if (rect) setMenu({ x: rect.left, y: rect.bottom + 2 });
  };
  return (
    <>
      <button ref={button} type="button" className="button" onClick={open} disabled={gone} title={gone ? t('storage.gone.refused') : undefined} aria-haspopup="menu" aria-expanded={menu !== null} data-testid="upload">
        <Icon name="upload" />
        {t('browser.upload.button')}
        <Icon name="chevronDown" size={12} />
      </button>
      {menu && (
        <ContextMenu
          x={menu.x}
          y={menu.y}
          onClose={close}
          items={[
            { id: 'upload-files', label: t('browser.upload.files'), onSelect: actions.uploadFiles },
            { id: 'upload-folder', label: t('browser.upload.folder'), onSelect: actions.uploadFolder },
          ]}
        />
      )}
    </>
  );
}

/** "Download": the selection; with nothing selected, this folder (at the root's top, the whole root). */
function DownloadButton() {
  const { t } = useTranslation();
  const { actions, listing, location, gone } = useBrowser();
  const levels = useCapabilities(location.connectionId)?.rootLevels;
  const lastLevel = levels?.[levels.length - 1]?.key ?? 'other';
  const selection = useBrowserStore((s) => s.selection);
  const filter = useBrowserStore((s) => s.filter);
  const selected = useMemo(() => selectedEntries(listing.entries, selection), [listing.entries, selection]);
  const request = downloadRequest(location.prefix, selected);
  // A folder known to hold nothing stored (empty, or only view-only folders) has nothing to download.
  const emptyFolder = selected.length === 0 && listing.complete && filter.trim() === '' && !listing.entries.some((e) => !isViewOnly(e));
  const title = selected.length > 0 ? t('browser.download.selection', { count: selected.length }) : location.prefix === '' ? t('browser.download.root', { noun: levelText(t, lastLevel, 'noun') }) : t('browser.download.folder');
  return (
    <button type="button" className="button" onClick={() => actions.download(selected)} disabled={request === null || emptyFolder || gone} title={title} data-testid="download">
      <Icon name="download" />
      {t('browser.download.button')}
    </button>
  );
}

/** "Publish": the selection to IPFS / Crust; with nothing selected, this folder (a root's top cannot be published as one). */
function PublishButton() {
  const { t } = useTranslation();
  const { actions, listing, location, refusals } = useBrowser();
  const selection = useBrowserStore((s) => s.selection);
  const selected = useMemo(() => selectedEntries(listing.entries, selection), [listing.entries, selection]);
  const request = publishRequest(location.prefix, selected);
  const title = refusals.publish ? t(refusals.publish) : request ? t('publish.action') : t('publish.nothingToPublish');
  return (
    <button type="button" className="button" onClick={() => actions.publish(selected)} disabled={request === null || !!refusals.publish} title={title} data-testid="publish">
      <Icon name="publish" />
      {t('publish.actionShort')}
    </button>
  );
}
