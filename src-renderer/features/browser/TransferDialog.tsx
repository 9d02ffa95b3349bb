/**
 * Move to… / Copy to…: choose a package of the same connection and a folder
 * in it (starting at the current one), then the operation runs with its
 * progress under the list. The service never overwrites: taken names come
 * back as conflicts and are listed afterwards.
 */
import { useQueries } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../../components/Dialog';
import { ErrorText } from '../../components/ErrorText';
import { apiKey, useApiQuery, useTransport } from '../../lib/api';
import { formatCount } from '../../lib/format';
import type { TransferMode } from './browser-context';
import { useBrowser } from './browser-context';
import { FolderPicker } from './FolderPicker';
import type { Entry } from './listing';
import { storedTargets } from './targets';
import { useOperationRunner } from './use-operation-runner';

export function TransferDialog({ mode, entries, onClose }: { mode: TransferMode; entries: readonly Entry[]; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { location } = useBrowser();
  const transport = useTransport();
  const run = useOperationRunner();
  const { connectionId } = location;
  const [target, setTarget] = useState({ packageId: location.packageId, prefix: location.prefix });

  const buckets = useApiQuery('buckets.list', { connectionId });
  const packageLists = useQueries({
    queries: (buckets.data ?? []).map((b) => ({
      queryKey: apiKey('packages.list', { connectionId, bucketId: b.bucketID }),
      queryFn: () => transport.call('packages.list', { connectionId, bucketId: b.bucketID }),
    })),
  });
  const groups = (buckets.data ?? []).map((bucket, i) => ({ bucket, packages: packageLists[i]?.data ?? [] }));
  const packageName = groups.flatMap((g) => g.packages).find((p) => p.packageID === target.packageId)?.name ?? '';

  const targets = storedTargets(entries);
  const samePackage = target.packageId === location.packageId;
  const intoItself = samePackage && entries.some((e) => e.kind === 'folder' && target.prefix.startsWith(e.prefix));
  const sameFolder = mode === 'move' && samePackage && target.prefix === location.prefix;
  const problem = intoItself ? t(`browser.transfer.intoItself.${mode}`) : undefined;

  const first = entries[0];
  const subject = entries.length === 1 && first ? first.name : t('browser.itemCount', { count: entries.length, formatted: formatCount(entries.length, i18n.language) });
  const start = () => {
    onClose();
    const { packageId } = location;
    void run({
      kind: mode,
      subject,
      call: (operationId) => transport.call('objects.transfer', { connectionId, operationId, mode, packageId, targets, targetPackageId: target.packageId, targetFolder: target.prefix }),
    }).catch(() => {
      // The runner told the user already.
    });
  };

  return (
    <Dialog
      open
      wide
      title={t(`browser.transfer.title.${mode}`, { subject })}
      onClose={onClose}
      testId="transfer-dialog"
      footer={
        <>
          <span className="transfer-destination" data-testid="transfer-destination">
            {t('browser.transfer.destination', { path: `${packageName}/${target.prefix}` })}
          </span>
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="button" className="button button-primary" disabled={!!problem || sameFolder || targets.length === 0} onClick={start} data-testid="transfer-confirm">
            {t(`browser.transfer.confirm.${mode}`)}
          </button>
        </>
      }
    >
      <label className="field">
        <span className="field-label">{t('browser.transfer.package')}</span>
        <select
          className="input"
          value={target.packageId}
          data-testid="transfer-package"
          onChange={(event) => setTarget({ packageId: Number(event.target.value), prefix: '' })}
        >
          {groups.map(({ bucket, packages }) => (
            <optgroup key={bucket.bucketID} label={bucket.name}>
              {packages.map((p) => (
                <option key={p.packageID} value={p.packageID}>
                  {`${bucket.name} / ${p.name}`}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </label>
      <ErrorText error={buckets.error ?? packageLists.find((q) => q.error)?.error} />
      <FolderPicker connectionId={connectionId} packageId={target.packageId} packageName={packageName} prefix={target.prefix} onChange={(prefix) => setTarget({ ...target, prefix })} />
      {problem && <p className="field-problem">{problem}</p>}
      {sameFolder && <p className="field-hint">{t('browser.transfer.sameFolder')}</p>}
    </Dialog>
  );
}
