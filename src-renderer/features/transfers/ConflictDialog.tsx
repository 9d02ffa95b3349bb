/**
 * Asks what to do when a transfer's destination exists: Replace, Skip or Keep
 * both, optionally for every conflict of the same batch. It asks about the
 * first waiting job (the list comes from `transfers.conflicts`, so waiting
 * jobs are found again after a reload); "Decide later" puts the batch off
 * until the user asks again from the panel.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TransferJob } from '@shared/contract/domain';
import { Dialog } from '../../components/Dialog';
import { ErrorText } from '../../components/ErrorText';
import { useApiQuery, useTransport } from '../../lib/api';
import { formatCount } from '../../lib/format';
import { folderLabel } from './folder-label';
import { parentFolder } from './job-display';
import { useTransfersUi } from './transfers-store';

type Resolution = 'overwrite' | 'skip' | 'keepBoth';
const LIMIT = 100;

export function ConflictDialog() {
  const conflicts = useApiQuery('transfers.conflicts', { limit: LIMIT });
  const deferred = useTransfersUi((s) => s.deferredBatches);
  const request = useTransfersUi((s) => s.conflictRequest);
  const jobs = conflicts.data?.jobs ?? [];
  const job = (request ? jobs.find((j) => j.id === request) : undefined) ?? jobs.find((j) => !deferred.has(j.batchId));
  if (!job) return null;
  const inBatch = jobs.filter((j) => j.batchId === job.batchId).length;
  // The list is cut at LIMIT: when it is all this batch, the batch may hold more.
  const maybeMore = (conflicts.data?.total ?? 0) > jobs.length && inBatch === jobs.length;
  return <ConflictQuestion key={job.id} job={job} inBatch={inBatch} maybeMore={maybeMore} othersWaiting={(conflicts.data?.total ?? 1) - 1} />;
}

function ConflictQuestion({ job, inBatch, maybeMore, othersWaiting }: { job: TransferJob; inBatch: number; maybeMore: boolean; othersWaiting: number }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const transport = useTransport();
  const client = useQueryClient();
  const [applyToAll, setApplyToAll] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const resolve = async (resolution: Resolution) => {
    setBusy(true);
    setError(null);
    try {
      await transport.call('transfers.resolveConflict', { jobId: job.id, resolution, applyToAll: applyToAll && (inBatch > 1 || maybeMore) });
      if (useTransfersUi.getState().conflictRequest === job.id) useTransfersUi.getState().askConflict(null);
      await Promise.all(['transfers.conflicts', 'transfers.batches', 'transfers.batchJobs', 'transfers.totals'].map((name) => client.invalidateQueries({ queryKey: [name] })));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const others = inBatch - 1;
  const message =
    job.direction === 'upload'
      ? t('transfers.conflict.upload', { name: job.displayName, folder: folderLabel(t, parentFolder(job.remotePath) ? parentFolder(job.remotePath) + '/' : '') })
      : t('transfers.conflict.download', { path: job.localPath });
  return (
    <Dialog
      open
      title={t('transfers.conflict.title')}
      onClose={() => useTransfersUi.getState().defer(job.batchId)}
      testId="conflict-dialog"
      footer={
        <>
          <button type="button" className="button" disabled={busy} onClick={() => useTransfersUi.getState().defer(job.batchId)} data-testid="conflict-later">
            {t('transfers.conflict.later')}
          </button>
          <span className="dialog-footer-spacer" />
          <button type="button" className="button" disabled={busy} onClick={() => void resolve('skip')} data-testid="conflict-skip">
            {t('transfers.conflict.skip')}
          </button>
          <button type="button" className="button" disabled={busy} onClick={() => void resolve('keepBoth')} data-testid="conflict-keepBoth">
            {t('transfers.conflict.keepBoth')}
          </button>
          <button type="button" className="button button-primary" disabled={busy} autoFocus onClick={() => void resolve('overwrite')} data-testid="conflict-overwrite">
            {t('transfers.conflict.overwrite')}
          </button>
        </>
      }
    >
      <p className="conflict-message" data-testid="conflict-message">
        {message}
      </p>
      <p className="field-hint">{t('transfers.conflict.keepBothHint')}</p>
      {(others > 0 || maybeMore) && (
        <label className="conflict-apply">
          <input type="checkbox" checked={applyToAll} onChange={(e) => setApplyToAll(e.target.checked)} data-testid="conflict-apply-all" />
          <span>
            {maybeMore
              ? t('transfers.conflict.applyToAllMore', { formatted: formatCount(inBatch, locale) })
              : t('transfers.conflict.applyToAll', { count: inBatch, formatted: formatCount(inBatch, locale) })}
          </span>
        </label>
      )}
      {othersWaiting > others && !maybeMore && (
        <p className="field-hint">{t('transfers.conflict.moreWaiting', { count: othersWaiting - others, formatted: formatCount(othersWaiting - others, locale) })}</p>
      )}
      <ErrorText error={error} />
    </Dialog>
  );
}
