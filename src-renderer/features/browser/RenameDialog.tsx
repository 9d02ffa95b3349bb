/**
 * Rename one file or folder (every object under it). The name is checked as
 * it is typed. A file renames while the dialog waits (it is quick, and a
 * refusal shows in place); a folder may hold thousands of objects, so its
 * dialog closes at once and the progress shows under the list.
 */
import { useTranslation } from 'react-i18next';
import { PromptDialog } from '../../components/PromptDialog';
import { useTransport } from '../../lib/api';
import { useBrowserStore } from '../../stores/browser-store';
import { useBrowser } from './browser-context';
import { folderKey, type Entry } from './listing';
import { nameProblem } from './names';
import { isViewOnly, rewritePendingFolders, toTarget } from './targets';
import { useOperationRunner } from './use-operation-runner';

export function RenameDialog({ entry, onClose }: { entry: Entry; onClose: () => void }) {
  const { t } = useTranslation();
  const { location, listing } = useBrowser();
  const transport = useTransport();
  const run = useOperationRunner();
  const { connectionId, root } = location;

  const validate = (name: string) => {
    const problem = nameProblem(name, {
      parentPrefix: location.prefix,
      current: entry.name,
      isFolder: entry.kind === 'folder',
      taken: (n) => listing.entries.some((e) => e.kind === entry.kind && e.name === n),
    });
    return problem && problem !== 'unchanged' ? t(`browser.nameProblem.${problem}`) : undefined;
  };

  const submit = async (name: string) => {
    if (name === entry.name) return;
    const store = useBrowserStore.getState();
    if (entry.kind === 'folder') {
      const newPrefix = `${location.prefix}${name}/`;
      rewritePendingFolders(connectionId, root, [entry.prefix], (p, under) => newPrefix + p.slice(under.length));
      store.select([folderKey(newPrefix)], { anchor: folderKey(newPrefix), focus: folderKey(newPrefix) });
      if (isViewOnly(entry)) return;
      void run({ kind: 'rename', subject: entry.name, call: (operationId) => transport.call('objects.rename', { connectionId, operationId, root, target: toTarget(entry), newName: name }) }).catch(() => {
        // The runner told the user already.
      });
      return;
    }
    await run({ kind: 'rename', subject: entry.name, quietErrors: true, call: (operationId) => transport.call('objects.rename', { connectionId, operationId, root, target: toTarget(entry), newName: name }) });
  };

  return (
    <PromptDialog
      open
      title={t('browser.renameTitle', { name: entry.name })}
      label={t('browser.newName')}
      initialValue={entry.name}
      confirmLabel={t('common.rename')}
      validate={validate}
      onSubmit={submit}
      onClose={onClose}
      testId="rename-dialog"
    />
  );
}
