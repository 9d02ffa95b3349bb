/** The context menu's items: for the selection, or for the folder itself (right-click on empty space). */
import type { TFunction } from 'i18next';
import type { MenuItem } from '../../components/ContextMenu';
import type { ActionRefusals, Refusal } from './allowed-actions';
import type { BrowserActions } from './browser-context';
import type { Entry } from './listing';

/** Disabled with the reason as its tooltip when the service cannot do it. */
function refused(t: TFunction, refusal: Refusal): Pick<MenuItem, 'disabled' | 'title'> {
  return refusal ? { disabled: true, title: t(refusal) } : {};
}

/** A folder as one zip from the service (where it can send one): kept as the zip, or unpacked safely. */
function folderZipItems(t: TFunction, actions: BrowserActions, prefix: string): MenuItem[] {
  return [
    { id: 'download-zip', label: t('browser.folderZip.asZip'), onSelect: () => actions.downloadFolderZip(prefix, false) },
    { id: 'download-unpack', label: t('browser.folderZip.unpack'), onSelect: () => actions.downloadFolderZip(prefix, true) },
  ];
}

export function selectionMenu(t: TFunction, actions: BrowserActions, refusals: ActionRefusals, selected: readonly Entry[]): Array<MenuItem | 'separator'> {
  const single = selected.length === 1 ? selected[0] : undefined;
  // View-only folders hold nothing to download, copy or move.
  const stored = selected.filter((e) => !(e.kind === 'folder' && e.pending));
  const whenAny = (refusal: Refusal) => (stored.length === 0 ? { disabled: true } : refused(t, refusal));
  return [
    { id: 'open', label: t('browser.menu.open'), shortcut: '↵', disabled: !single, onSelect: () => single && actions.open(single) },
    { id: 'download', label: t('browser.menu.download'), disabled: stored.length === 0, onSelect: () => actions.download(stored) },
    ...(single?.kind === 'folder' && !single.pending && refusals.folderAsZip ? folderZipItems(t, actions, single.prefix) : []),
    'separator',
    { id: 'rename', label: t('common.rename'), shortcut: 'F2', ...(single ? refused(t, refusals.rename(single)) : { disabled: true }), onSelect: () => single && actions.rename(single) },
    { id: 'copy-to', label: t('browser.menu.copyTo'), ...whenAny(refusals.transfer('copy')), onSelect: () => actions.transfer('copy', stored) },
    { id: 'move-to', label: t('browser.menu.moveTo'), ...whenAny(refusals.transfer('move')), onSelect: () => actions.transfer('move', stored) },
    { id: 'copy-path', label: t('browser.menu.copyPath'), onSelect: () => actions.copyPaths(selected) },
    'separator',
    { id: 'publish', label: t('publish.action'), ...whenAny(refusals.publish), onSelect: () => actions.publish(stored) },
    'separator',
    { id: 'details', label: t('browser.menu.details'), onSelect: () => actions.showDetails() },
    'separator',
    { id: 'delete', label: t('common.delete'), shortcut: 'Del', danger: true, ...refused(t, refusals.remove(selected)), onSelect: () => actions.remove(selected) },
  ];
}

export function folderMenu(t: TFunction, actions: BrowserActions, refusals: ActionRefusals, prefix: string): Array<MenuItem | 'separator'> {
  return [
    { id: 'upload-files', label: t('browser.upload.files'), onSelect: () => actions.uploadFiles() },
    { id: 'upload-folder', label: t('browser.upload.folder'), onSelect: () => actions.uploadFolder() },
    ...(refusals.folderAsZip ? ['separator' as const, ...folderZipItems(t, actions, prefix)] : []),
    ...(prefix !== '' ? ['separator' as const, { id: 'publish-folder', label: t('publish.actionFolder'), ...refused(t, refusals.publish), onSelect: () => actions.publish([]) }] : []),
    'separator',
    { id: 'new-folder', label: t('browser.newFolder'), ...refused(t, refusals.newFolder), onSelect: () => actions.newFolder() },
    { id: 'refresh', label: t('common.refresh'), onSelect: () => actions.refresh() },
  ];
}
