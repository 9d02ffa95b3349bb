/**
 * Confirms a delete and says exactly what goes: for folders the service
 * counts the objects under them first ("This deletes 3,000 objects (12 MB)
 * in “photos”"), and the button waits for that count. The delete itself
 * runs after the dialog closes, with its progress under the list.
 */
import { useTranslation } from 'react-i18next';
import { Dialog } from '../../components/Dialog';
import { ErrorText } from '../../components/ErrorText';
import { useApiQuery, useTransport } from '../../lib/api';
import { formatBytes, formatCount } from '../../lib/format';
import { useBrowser } from './browser-context';
import type { Entry } from './listing';
import { isViewOnly, rewritePendingFolders, storedTargets } from './targets';
import { useOperationRunner } from './use-operation-runner';

export function DeleteDialog({ entries, onClose }: { entries: readonly Entry[]; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { location } = useBrowser();
  const transport = useTransport();
  const run = useOperationRunner();
  const { connectionId, root } = location;
  const locale = i18n.language;

  const targets = storedTargets(entries);
  const hasFolders = targets.some((target) => target.type === 'folder');
  const summary = useApiQuery('objects.summarize', { connectionId, root, targets }, { enabled: hasFolders, staleTime: 0, gcTime: 0 });
  const objectsOnly = { objects: targets.length, bytes: entries.reduce((sum, e) => sum + (e.kind === 'object' ? e.size : 0), 0) };
  const counted = hasFolders ? summary.data : objectsOnly;

  const first = entries[0];
  const where = entries.length === 1 && first ? t('browser.quoted', { name: first.name }) : t('browser.itemCount', { count: entries.length, formatted: formatCount(entries.length, locale) });
  let message: string;
  if (targets.length === 0) message = t('browser.delete.viewOnly', { where });
  else if (entries.length === 1 && first?.kind === 'object') message = t('browser.delete.oneObject', { name: first.name, size: formatBytes(first.size, locale) });
  else if (counted) message = t('browser.delete.summary', { count: counted.objects, formatted: formatCount(counted.objects, locale), size: formatBytes(counted.bytes, locale), where });
  else message = t('browser.delete.counting', { where });

  const confirm = () => {
    onClose();
    const pendingPrefixes = entries.flatMap((e) => (e.kind === 'folder' ? [e.prefix] : []));
    if (pendingPrefixes.length > 0) rewritePendingFolders(connectionId, root, pendingPrefixes);
    if (targets.length === 0) return;
    const subject = entries.length === 1 && first ? first.name : t('browser.itemCount', { count: entries.length, formatted: formatCount(entries.length, locale) });
    void run({ kind: 'delete', subject, call: (operationId) => transport.call('objects.delete', { connectionId, operationId, root, targets }) }).catch(() => {
      // The runner told the user already.
    });
  };

  return (
    <Dialog
      open
      title={t('browser.delete.title')}
      onClose={onClose}
      testId="delete-dialog"
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="button" className="button button-danger" disabled={!counted && targets.length > 0} onClick={confirm} autoFocus data-testid="delete-confirm">
            {t('common.delete')}
          </button>
        </>
      }
    >
      <p className="confirm-message" data-testid="delete-message">
        {message}
      </p>
      {targets.length > 0 && <p className="field-hint">{t('browser.delete.irreversible')}</p>}
      {entries.some(isViewOnly) && targets.length > 0 && <p className="field-hint">{t('browser.delete.alsoViewOnly')}</p>}
      {summary.isError && (
        <>
          <ErrorText error={summary.error} />
          <button type="button" className="button" onClick={() => void summary.refetch()}>
            {t('common.retry')}
          </button>
        </>
      )}
    </Dialog>
  );
}
