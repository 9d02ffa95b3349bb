/**
 * A root's folders and objects, the way a file manager shows them: toolbar
 * with history and breadcrumbs, a virtualized list paged from the server (and
 * a drop target: files from the system upload into the folder being viewed),
 * a details panel, a context menu, dialogs for the operations and their
 * progress. This component only wires the parts together.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ContextMenu } from '../../components/ContextMenu';
import { rootKey, useBrowserStore } from '../../stores/browser-store';
import { RootGoneState } from '../storage/GoneStates';
import { useRootGone } from '../storage/root-gone';
import { useCapabilities } from '../storage/root-levels';
import { DropZone, folderLabel, type InnerDropTarget } from '../transfers';
import { actionRefusals, refusedWhileGone } from './allowed-actions';
import { BrowserContext, selectedEntries, type BrowserContextValue } from './browser-context';
import { folderMenu, selectionMenu } from './browser-menu';
import { BrowserDialogs } from './BrowserDialogs';
import { BrowserToolbar } from './BrowserToolbar';
import { FileServiceBar } from './FileServiceBar';
import { DetailsPanel } from './DetailsPanel';
import { engineFolder } from './engine-folders';
import { ListStatus } from './ListStatus';
import type { ContentLocation } from './location';
import { ObjectList } from './ObjectList';
import { OperationProgressPanel } from './OperationProgressPanel';
import { pruneSelection } from './selection';
import { useBrowserActions, type BrowserDialog, type MenuRequest } from './use-browser-actions';
import { useDebounced } from './use-debounced';
import { useFolderListing } from './use-folder-listing';
import { useOffsetListing } from './use-offset-listing';
import { pagesByOffset, serverFilter, serverSort } from './list-query';
import { ThumbnailGrid } from './ThumbnailGrid';
import { PreviewDialog } from '../preview/PreviewDialog';
import { SearchResults, useSearching } from '../search';
import type { ListFilter, ListSort } from '@shared/contract/locations';
import './browser.css';

export type { ContentLocation } from './location';

/** The service filters by name once typing pauses this long. */
const FILTER_DEBOUNCE_MS = 300;
const DEFAULT_SORT: ListSort = { field: 'name', order: 'asc' };
const NO_FILTER: ListFilter = {};

export function ObjectBrowser({ location: given }: { location: ContentLocation }) {
  const { t } = useTranslation();
  const { connectionId, trail, root, prefix } = given;
  const location = useMemo<ContentLocation>(() => ({ connectionId, trail, root, prefix }), [connectionId, trail, root, prefix]);
  const sort = useBrowserStore((s) => s.sort);
  const filter = useBrowserStore((s) => s.filter);
  const typeFilter = useBrowserStore((s) => s.typeFilter);
  const detailsOpen = useBrowserStore((s) => s.detailsOpen);
  const capabilities = useCapabilities(connectionId);
  // A service that sorts, filters and pages by offset gets the list sized from its total; any other is paged by token and sorted here.
  const byOffset = pagesByOffset(capabilities);
  const typedFilter = useDebounced(filter, FILTER_DEBOUNCE_MS);
  const query = byOffset ? capabilities.listQuery : null;
  const listSort = useMemo(() => (query ? serverSort(sort, query) : DEFAULT_SORT), [sort, query]);
  const listFilter = useMemo(() => (query ? serverFilter(typedFilter, typeFilter, query) : NO_FILTER), [typedFilter, typeFilter, query]);
  const tokenListing = useFolderListing(location, sort, filter, capabilities !== undefined && !byOffset);
  const offsetListing = useOffsetListing(location, listSort, listFilter, byOffset);
  const listing = byOffset ? offsetListing : tokenListing;
  const keys = useMemo(() => listing.entries.map((e) => e.key), [listing.entries]);
  // Every connection has a grid: main makes thumbnails for services that make none (src-main/core/thumbnails/generated-thumbnail.ts).
  const gridView = useBrowserStore((s) => s.viewModes[connectionId] === 'grid') && (!!capabilities?.thumbnails || !byOffset);

  const [dialog, setDialog] = useState<BrowserDialog | null>(null);
  const [menu, setMenu] = useState<MenuRequest | null>(null);
  const gone = useRootGone(connectionId, root, listing.query.error);
  const searching = useSearching(rootKey(connectionId, root));
  const refusals = useMemo(() => (gone ? refusedWhileGone(actionRefusals(capabilities)) : actionRefusals(capabilities)), [capabilities, gone]);
  const actions = useBrowserActions(location, listing, refusals, setDialog, setMenu);
  const value = useMemo<BrowserContextValue>(() => ({ location, listing, keys, actions, refusals, gone }), [location, listing, keys, actions, refusals, gone]);

  // Once a listing settles, forget selected entries that are gone (deleted, moved, filtered out).
  // (Paged by offset only the rows near the view are loaded: a selection scrolled out of it stays; a new sort or filter clears it.)
  const settled = !listing.query.isFetching;
  const byOffsetListing = !!listing.offset;
  useEffect(() => {
    if (!settled || byOffsetListing) return;
    const store = useBrowserStore.getState();
    const pruned = pruneSelection(store, keys);
    if (pruned) store.select(pruned.selection, { anchor: pruned.anchor, focus: pruned.focus });
  }, [keys, settled, byOffsetListing]);
  useEffect(() => {
    if (byOffset) useBrowserStore.getState().select([], { anchor: null, focus: null });
  }, [byOffset, listSort, listFilter]);

  const rootRef = useRef<HTMLDivElement>(null);
  const closeMenu = useCallback(() => {
    setMenu(null);
    rootRef.current?.querySelector<HTMLElement>('[role="grid"]')?.focus();
  }, []);
  const closeDialog = useCallback(() => setDialog(null), []);
  // A folder row under the pointer takes the drop, except the engines' own folders (nothing of the user's belongs there).
  const folderRowAt = useCallback(
    (element: Element): InnerDropTarget | undefined => {
      const row = element.closest<HTMLElement>('.browser-row[data-prefix]');
      const prefix = row?.dataset.prefix;
      if (!row || !prefix || engineFolder(prefix, capabilities?.reservedPrefixes ?? [])) return undefined;
      return { element: row, label: folderLabel(t, prefix), value: prefix };
    },
    [t, capabilities],
  );
  const selection = useBrowserStore((s) => s.selection);
  const menuItems = menu ? (menu.onEntries ? selectionMenu(t, actions, refusals, selectedEntries(listing.entries, selection)) : folderMenu(t, actions, refusals, location.prefix)) : [];

  return (
    <BrowserContext.Provider value={value}>
      <div className="browser" ref={rootRef} data-testid="object-browser">
        <BrowserToolbar />
        <FileServiceBar />
        <div className="browser-body">
          {gone ? (
            <RootGoneState connectionId={connectionId} trail={trail} />
          ) : searching ? (
            <SearchResults />
          ) : (
            <DropZone folderLabel={folderLabel(t, location.prefix)} onDrop={actions.uploadDropped} targetAt={folderRowAt} className="browser-drop" testId="browser-drop-zone">
              {gridView ? <ThumbnailGrid /> : <ObjectList />}
            </DropZone>
          )}
          {detailsOpen && <DetailsPanel />}
        </div>
        <OperationProgressPanel />
        <ListStatus />
        {menu && menuItems.length > 0 && <ContextMenu x={menu.x} y={menu.y} items={menuItems} onClose={closeMenu} />}
        <BrowserDialogs dialog={dialog} onClose={closeDialog} />
        <PreviewDialog />
      </div>
    </BrowserContext.Provider>
  );
}
