/**
 * The queue as a virtualized list: only the rows in view (plus a few) are in
 * the DOM and only their pages are fetched, so 10,000 queued jobs scroll like
 * ten. Empty, loading and error states included.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { TransferJob } from '@shared/contract/domain';
import { ErrorText } from '../../components/ErrorText';
import { useTransport } from '../../lib/api';
import type { JobAction } from './job-display';
import { pageHoldsFile } from './page-uploader';
import { jobAt } from './transfer-pages';
import { TRANSFER_ROW_HEIGHT, TransferRow, TransferRowPlaceholder } from './TransferRow';
import { useTransfersUi } from './transfers-store';
import { useTransferControl } from './use-transfer-control';
import { useTransferPages } from './use-transfer-pages';

export function TransferList({ emptyText }: { emptyText: string }) {
  const { t } = useTranslation();
  const transport = useTransport();
  const { pages, total, error, loading, showRows, retry } = useTransferPages();
  const { control } = useTransferControl();
  const scrollRef = useRef<HTMLDivElement>(null);
  const count = total ?? 0;
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
  const canRetry = (job: TransferJob) => job.source !== 'browser' || pageHoldsFile(transport, job.id);

  let placeholder = null;
  if (total === undefined && error) {
    placeholder = (
      <div className="transfers-placeholder">
        <ErrorText error={error} />
        <button type="button" className="button" onClick={retry}>
          {t('common.retry')}
        </button>
      </div>
    );
  } else if (total === undefined && loading) {
    placeholder = <div className="transfers-placeholder">{t('common.loading')}</div>;
  } else if (count === 0) {
    placeholder = (
      <div className="transfers-placeholder" data-testid="transfers-empty">
        {emptyText}
      </div>
    );
  }

  return (
    <div ref={scrollRef} className="transfers-scroll" data-testid="transfer-list" data-total={total ?? ''} tabIndex={-1}>
      {placeholder ?? (
        <div role="list" aria-label={t('transfers.listLabel')} className="transfers-canvas" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const job = jobAt(pages, item.index);
            return job ? (
              <TransferRow key={job.id} job={job} start={item.start} canRetry={canRetry(job)} onAction={onAction} />
            ) : (
              <TransferRowPlaceholder key={`loading-${item.index}`} start={item.start} />
            );
          })}
        </div>
      )}
    </div>
  );
}
