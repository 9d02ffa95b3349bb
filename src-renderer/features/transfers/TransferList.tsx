/**
 * The queue as batches in one virtualized list: a header row per batch, and
 * the jobs of open batches under it (failed ones first). Only the rows in view
 * (plus a few) are in the DOM and only their pages are fetched, so a batch of
 * 10,000 files scrolls like ten. Empty, loading and error states included.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { TransferJob } from '@shared/contract/domain';
import type { TransferBatch } from '@shared/contract/transfer-batches';
import { ErrorText } from '../../components/ErrorText';
import { useTransport } from '../../lib/api';
import { BatchRow, type BatchAction } from './BatchRow';
import type { JobAction } from './job-display';
import { pageHoldsFile } from './page-uploader';
import { TRANSFER_ROW_HEIGHT, TransferRow, TransferRowPlaceholder } from './TransferRow';
import { useTransfersUi } from './transfers-store';
import { useBatchRows } from './use-batch-rows';
import { useTransferControl } from './use-transfer-control';

export function TransferList({ emptyText }: { emptyText: string }) {
  const { t } = useTranslation();
  const transport = useTransport();
  const { layout, jobTotal, error, loading, jobAt, showRows, retry } = useBatchRows();
  const { control, controlBatch } = useTransferControl();
  const scrollRef = useRef<HTMLDivElement>(null);
  const count = layout?.count ?? 0;
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => TRANSFER_ROW_HEIGHT,
    overscan: 8,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;
  useEffect(() => showRows(first, last), [first, last, showRows]);

  const onAction = useCallback(
    (job: TransferJob, action: JobAction) => {
      if (action === 'decide') useTransfersUi.getState().askConflict(job.id);
      else void control(action, [job.id]);
    },
    [control],
  );
  const onBatchAction = useCallback((batch: TransferBatch, action: BatchAction) => void controlBatch(batch.batchId, action), [controlBatch]);
  const onToggle = useCallback((batchId: string, expanded: boolean) => useTransfersUi.getState().setBatchExpanded(batchId, expanded), []);
  const canRetry = (job: TransferJob) => job.source !== 'browser' || pageHoldsFile(transport, job.id);

  let placeholder = null;
  if (!layout && error) {
    placeholder = (
      <div className="transfers-placeholder">
        <ErrorText error={error} />
        <button type="button" className="button" onClick={retry}>
          {t('common.retry')}
        </button>
      </div>
    );
  } else if (!layout && loading) {
    placeholder = <div className="transfers-placeholder">{t('common.loading')}</div>;
  } else if (count === 0) {
    placeholder = (
      <div className="transfers-placeholder" data-testid="transfers-empty">
        {emptyText}
      </div>
    );
  }

  return (
    <div ref={scrollRef} className="transfers-scroll" data-testid="transfer-list" data-total={layout ? jobTotal : ''} data-rows={count} tabIndex={-1}>
      {placeholder ?? (
        <div role="list" aria-label={t('transfers.listLabel')} className="transfers-canvas" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const row = layout?.rowAt(item.index);
            if (!row) return null;
            if (row.kind === 'batch') {
              return <BatchRow key={`batch-${row.batch.batchId}`} batch={row.batch} expanded={row.expanded} start={item.start} onToggle={onToggle} onAction={onBatchAction} />;
            }
            const job = jobAt(row.batch.batchId, row.jobIndex);
            return job ? (
              <TransferRow key={job.id} job={job} start={item.start} nested canRetry={canRetry(job)} onAction={onAction} />
            ) : (
              <TransferRowPlaceholder key={`loading-${row.batch.batchId}-${row.jobIndex}`} start={item.start} />
            );
          })}
        </div>
      )}
    </div>
  );
}
