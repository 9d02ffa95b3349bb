/**
 * Which of the browser's actions the connection's service can do, from its
 * capabilities: an action it cannot do is not offered (menus show it
 * disabled, with the reason as its tooltip; the keyboard says the reason
 * instead of acting). Each refusal is the i18n key of that reason. Folders
 * that exist only in the view are the app's own, so renaming or deleting
 * them is always possible. Pure, unit-tested in Node.
 */
import type { CapabilitiesView } from '@shared/contract/locations';
import type { Entry } from './listing';

/** An i18n key saying why, or undefined when the action is possible. */
export type Refusal = string | undefined;

const viewOnly = (entry: Entry) => entry.kind === 'folder' && entry.pending;

export interface ActionRefusals {
  remove(entries: readonly Entry[]): Refusal;
  rename(entry: Entry): Refusal;
  transfer(mode: 'move' | 'copy'): Refusal;
  newFolder: Refusal;
  /** The service can send a folder as one zip: "Download as zip" and "Download and unpack" are offered (absent otherwise). */
  folderAsZip: boolean;
  /** Publishing to IPFS / Crust reads objects, which every kind of connection can: refused only in a root deleted elsewhere. */
  publish: Refusal;
}

/** Refusals for a connection whose capabilities are `caps` (undefined while they load: nothing is refused yet, the service still checks). */
export function actionRefusals(caps: CapabilitiesView | undefined): ActionRefusals {
  return {
    remove: (entries) => (caps && !caps.delete && entries.some((e) => !viewOnly(e)) ? 'browser.cannot.delete' : undefined),
    rename(entry) {
      if (!caps || viewOnly(entry)) return undefined;
      // A folder's objects change folders: only a move does that. One object can also be renamed in place.
      if (entry.kind === 'folder') return caps.move ? undefined : 'browser.cannot.renameFolder';
      return caps.move || caps.rename ? undefined : 'browser.cannot.rename';
    },
    transfer: (mode) => (caps && !(mode === 'move' ? caps.move : caps.copy) ? `browser.cannot.${mode}` : undefined),
    newFolder: caps?.folders === 'none' ? 'browser.cannot.folders' : undefined,
    folderAsZip: caps?.folderAsZip === true,
    publish: undefined,
  };
}

/** While the root is gone (deleted elsewhere) nothing can be done in it: every action is refused with that reason. */
export function refusedWhileGone(refusals: ActionRefusals): ActionRefusals {
  const gone = 'storage.gone.refused';
  return { ...refusals, remove: () => gone, rename: () => gone, transfer: () => gone, newFolder: gone, folderAsZip: false, publish: gone };
}
