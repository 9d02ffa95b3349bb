/**
 * Every publish as a virtualized list: only the rows in view (plus a few)
 * are in the DOM and only their pages are fetched, so 1,000 orders show
 * their first rows as fast as ten. Empty, loading and error states included.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { PublishJob } from '@shared/contract/publish';
import { ErrorText } from '../../components/ErrorText';
import { CRUST_ROW_HEIGHT, CrustJobRow, CrustRowPlaceholder } from './CrustJobRow';
import type { PublishAction } from './order-display';
import { jobAt } from './publish-pages';
import type { PublishPages } from './use-publish-pages';

export interface CrustJobListProps {
  data: PublishPages;
  filtered: boolean;
  selection: ReadonlySet<string>;
  onSelect: (id: string, selected: boolean) => void;
  onAction: (job: PublishJob, action: PublishAction) => void;
}

export function CrustJobList({ data, filtered, selection, onSelect, onAction }: CrustJobListProps) {
  const { t } = useTranslation();
  const { pages, total, error, loading, showRows, retry } = data;
  const scrollRef = useRef<HTMLDivElement>(null);
  const count = total ?? 0;
  const virtualizer = useVirtualizer({ count, getScrollElement: () => scrollRef.current, estimateSize: () => CRUST_ROW_HEIGHT, overscan: 8 });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;
  useEffect(() => showRows(first, last), [first, last, showRows]);

  let placeholder = null;
  if (total === undefined && error) {
    placeholder = (
      <div className="crust-placeholder">
        <ErrorText error={error} />
        <button type="button" className="button" onClick={retry}>
          {t('common.retry')}
        </button>
      </div>
    );
  } else if (total === undefined && loading) {
    placeholder = <div className="crust-placeholder">{t('common.loading')}</div>;
  } else if (count === 0) {
    placeholder = (
      <div className="crust-placeholder" data-testid="crust-empty">
        {filtered ? t('publish.page.noMatch') : t('publish.page.empty')}
      </div>
    );
  }

  return (
    <div ref={scrollRef} className="crust-scroll" data-testid="crust-list" data-total={total ?? ''} tabIndex={-1}>
      {placeholder ?? (
        <div role="list" aria-label={t('publish.page.list')} className="crust-canvas" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const job = jobAt(pages, item.index);
            return job ? (
              <CrustJobRow key={job.id} job={job} start={item.start} selected={selection.has(job.id)} onSelect={onSelect} onAction={onAction} />
            ) : (
              <CrustRowPlaceholder key={`loading-${item.index}`} start={item.start} />
            );
          })}
        </div>
      )}
    </div>
  );
}
