/**
 * The browser's verbs, shared by the toolbar, the keyboard and the context
 * menu. Anything that needs a question first opens a dialog (see
 * BrowserDialogs); transfers are in use-transfer-actions; the rest happens here.
 */
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useToasts } from '../../components/toasts';
import { useBrowserStore } from '../../stores/browser-store';
import type { ActionRefusals, Refusal } from './allowed-actions';
import type { BrowserActions, TransferMode } from './browser-context';
import { copyText } from './clipboard';
import type { Entry } from './listing';
import type { ContentLocation } from './location';
import { parentPrefix } from './names';
import type { FolderListing } from './use-folder-listing';
import { useTransferActions } from './use-transfer-actions';
import { usePublishStart } from '../publish/use-publish';
import { publishRequest } from './targets';
import { usePreviewStore } from '../preview/preview-store';

export type BrowserDialog =
  | { type: 'newFolder' }
  | { type: 'rename'; entry: Entry }
  | { type: 'delete'; entries: readonly Entry[] }
  | { type: 'transfer'; mode: TransferMode; entries: readonly Entry[] }
  | { type: 'folderZip'; prefix: string; unpack: boolean };

export interface MenuRequest {
  x: number;
  y: number;
  onEntries: boolean;
}

/** The path a user would paste: the object's path, or the folder's prefix. */
export function entryPath(entry: Entry): string {
  return entry.kind === 'object' ? entry.entry.path : entry.prefix;
}

export function useBrowserActions(location: ContentLocation, listing: FolderListing, refusals: ActionRefusals, setDialog: (dialog: BrowserDialog) => void, setMenu: (menu: MenuRequest) => void): BrowserActions {
  const { t } = useTranslation();
  const show = useToasts((s) => s.show);
  const refetch = listing.query.refetch;
  const pickHostFolder = useCallback((prefix: string, unpack: boolean) => setDialog({ type: 'folderZip', prefix, unpack }), [setDialog]);
  const transfers = useTransferActions(location, pickHostFolder);
  const startPublish = usePublishStart();

  return useMemo<BrowserActions>(() => {
    const store = () => useBrowserStore.getState();
    /** Runs `act` unless the service cannot: then says why (the keyboard reaches actions the menus show disabled). */
    const unless = (refusal: Refusal, act: () => void) => (refusal ? show('info', t(refusal)) : act());
    return {
      open(entry) {
        if (entry.kind === 'folder') store().navigate({ ...location, prefix: entry.prefix });
        else {
          store().select([entry.key], { anchor: entry.key, focus: entry.key });
          usePreviewStore.getState().show({ connectionId: location.connectionId, root: location.root, entry });
        }
      },
      goUp() {
        // Above a root's top is the level it is listed in (JCS: its bucket's packages).
        if (location.prefix === '') store().navigate({ connectionId: location.connectionId, trail: location.trail.slice(0, -1), root: null, prefix: '' });
        else store().navigate({ ...location, prefix: parentPrefix(location.prefix) });
      },
      goBack: () => store().goBack(),
      goForward: () => store().goForward(),
      refresh: () => void refetch(),
      newFolder: () => unless(refusals.newFolder, () => setDialog({ type: 'newFolder' })),
      rename: (entry) => unless(refusals.rename(entry), () => setDialog({ type: 'rename', entry })),
      remove: (entries) => unless(refusals.remove(entries), () => setDialog({ type: 'delete', entries })),
      transfer: (mode, entries) => unless(refusals.transfer(mode), () => setDialog({ type: 'transfer', mode, entries })),
      copyPaths(entries) {
        copyText(entries.map(entryPath).join('\n')).then(
          () => show('info', t('browser.pathCopied', { count: entries.length })),
          (error: unknown) => show('error', (words) => words.describe(error)),
        );
      },
      publish: (entries) =>
        unless(refusals.publish, () => {
          const request = publishRequest(location.prefix, entries);
          if (!request) show('info', t('publish.nothingToPublish'));
          else void startPublish({ connectionId: location.connectionId, root: location.root, ...request });
        }),
      showDetails: () => store().toggleDetails(true),
      openMenu: (x, y, onEntries) => setMenu({ x, y, onEntries }),
      ...transfers,
    };
  }, [location, refetch, refusals, setDialog, setMenu, show, t, transfers, startPublish]);
}
