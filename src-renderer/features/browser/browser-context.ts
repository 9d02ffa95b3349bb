/**
 * What the parts of the browser share: where it is, the folder's entries and
 * the actions the toolbar, the list, the context menu and the keyboard all
 * call. One value per ObjectBrowser, provided by it.
 */
import { createContext, useContext } from 'react';
import type { EntryKey } from '../../stores/browser-store';
import type { ActionRefusals } from './allowed-actions';
import type { Entry } from './listing';
import type { ContentLocation } from './location';
import type { FolderListing } from './use-folder-listing';

export type TransferMode = 'move' | 'copy';

export interface BrowserActions {
  open: (entry: Entry) => void;
  goUp: () => void;
  goBack: () => void;
  goForward: () => void;
  refresh: () => void;
  newFolder: () => void;
  rename: (entry: Entry) => void;
  remove: (entries: readonly Entry[]) => void;
  transfer: (mode: TransferMode, entries: readonly Entry[]) => void;
  copyPaths: (entries: readonly Entry[]) => void;
  showDetails: () => void;
  /** Pickers for the folder being viewed; call them straight from a click or a key (the browser's chooser needs a user gesture). */
  uploadFiles: () => void;
  uploadFolder: () => void;
  /** Uploads what was dropped into the folder being viewed; call it inside the drop handler (the DataTransfer empties afterwards). */
  /** `folder`: a folder row the files were dropped on (a prefix); otherwise the folder being viewed. */
  uploadDropped: (dataTransfer: DataTransfer, folder?: string) => void;
  /** Downloads these entries; none: the folder being viewed (at the root, the whole package). */
  download: (entries: readonly Entry[]) => void;
  /** A folder ('' or a prefix) as one zip job, saved as the zip or unpacked, into a folder the user picks (only where `refusals.folderAsZip`). */
  downloadFolderZip: (prefix: string, unpack: boolean, localFolder?: string) => void;
  /** Publishes these entries to IPFS / Crust (one job each); none: the folder being viewed. */
  publish: (entries: readonly Entry[]) => void;
  /** Desktop: starts dragging these objects out of the window (files only). */
  dragOut: (entries: readonly Entry[]) => void;
  /** Opens the context menu at a point; `onEntries` says whether it is about the selection or the folder. */
  openMenu: (x: number, y: number, onEntries: boolean) => void;
}

export interface BrowserContextValue {
  location: ContentLocation;
  listing: FolderListing;
  /** Keys of `listing.entries`, in view order. */
  keys: readonly EntryKey[];
  actions: BrowserActions;
  /** What the connection's service cannot do, and why. */
  refusals: ActionRefusals;
  /** The root was deleted elsewhere: the view says so, and uploads, downloads and every action are off. */
  gone: boolean;
}

export const BrowserContext = createContext<BrowserContextValue | null>(null);

export function useBrowser(): BrowserContextValue {
  const value = useContext(BrowserContext);
  if (!value) throw new Error('useBrowser outside ObjectBrowser');
  return value;
}

/** The selected entries, in view order. */
export function selectedEntries(entries: readonly Entry[], selection: ReadonlySet<EntryKey>): Entry[] {
  if (selection.size === 0) return [];
  return entries.filter((e) => selection.has(e.key));
}
