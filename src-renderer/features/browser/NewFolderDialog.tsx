/**
 * "New folder": object storage has no empty folders, so the folder exists in
 * the view only (the store's pendingFolders) until something is uploaded or
 * moved into it; the list marks it as such.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PromptDialog } from '../../components/PromptDialog';
import { useBrowserStore } from '../../stores/browser-store';
import { useBrowser } from './browser-context';
import { folderKey } from './listing';
import { nameProblem, uniqueName } from './names';

export function NewFolderDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { location, listing } = useBrowser();
  const taken = (name: string) => listing.entries.some((e) => e.kind === 'folder' && e.name === name);
  // Chosen once: a refetch while the dialog is open must not reset what is typed.
  const [initialName] = useState(() => uniqueName(t('browser.untitledFolder'), taken));
  const validate = (name: string) => {
    const problem = nameProblem(name, { parentPrefix: location.prefix, isFolder: true, taken });
    return problem ? t(`browser.nameProblem.${problem}`) : undefined;
  };
  return (
    <PromptDialog
      open
      title={t('browser.newFolder')}
      label={t('browser.folderName')}
      initialValue={initialName}
      confirmLabel={t('common.create')}
      validate={validate}
      testId="new-folder-dialog"
      onClose={onClose}
      onSubmit={(name) => {
        const prefix = `${location.prefix}${name}/`;
        const store = useBrowserStore.getState();
        store.addPendingFolder(location.connectionId, location.root, prefix);
        store.setFilter('');
        store.select([folderKey(prefix)], { anchor: folderKey(prefix), focus: folderKey(prefix) });
      }}
    />
  );
}
