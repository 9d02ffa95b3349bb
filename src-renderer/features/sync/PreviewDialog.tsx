/**
 * What a run would do now (`sync.preview`: both sides scanned, nothing
 * changed): counts per action, the deletion guard's verdict, and every
 * planned action in a virtualized table (a first sync can plan 100,000).
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { SyncAction, SyncTask } from '@shared/contract/sync';
import { Dialog } from '../../components/Dialog';
import { ErrorText } from '../../components/ErrorText';
import { Icon } from '../../components/Icon';
import { useApiQuery } from '../../lib/api';
import { formatBytes, formatCount } from '../../lib/format';
import { countActions, isDeletion } from './sync-display';
import { blockedText, reasonText } from './sync-text';
import { useTaskControl } from './use-task-control';

const ROW_HEIGHT = 30;

function PlanTable({ actions }: { actions: readonly SyncAction[] }) {
  const { t, i18n } = useTranslation();
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: actions.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 10 });
  return (
    <div className="sync-table" role="table" aria-label={t('sync.preview.tableLabel')} aria-rowcount={actions.length + 1} data-testid="sync-plan-table">
      <div className="sync-table-row sync-table-head sync-plan-grid" role="row">
        <span role="columnheader">{t('sync.preview.action')}</span>
        <span role="columnheader">{t('sync.preview.path')}</span>
        <span role="columnheader">{t('sync.preview.to')}</span>
        <span role="columnheader" className="sync-num">
          {t('common.size')}
        </span>
        <span role="columnheader">{t('sync.preview.reason')}</span>
      </div>
      <div ref={scrollRef} className="sync-table-scroll">
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }} role="rowgroup">
          {virtualizer.getVirtualItems().map((item) => {
            const a = actions[item.index]!;
            return (
              <div key={item.index} role="row" aria-rowindex={item.index + 2} className="sync-table-row sync-plan-grid" style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }} data-testid="sync-plan-row" data-kind={a.kind} data-path={a.path}>
                <span role="cell">
                  <span className={`sync-kind sync-kind-${isDeletion(a.kind) ? 'delete' : a.kind === 'conflict' ? 'conflict' : 'plain'}`}>{t(`sync.kind.${a.kind}`)}</span>
                </span>
                <span role="cell" className="mono sync-cell-path" title={a.path}>
                  {a.path}
                </span>
                <span role="cell" className="mono sync-cell-path" title={a.toPath ?? undefined}>
                  {a.toPath ?? ''}
                </span>
                <span role="cell" className="sync-num">
                  {formatBytes(a.size, i18n.language)}
                </span>
                <span role="cell" className="sync-cell-reason" title={reasonText(i18n, a.reasonCode, a.reason)}>
                  {reasonText(i18n, a.reasonCode, a.reason)}
                </span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

export function PreviewDialog({ task, onClose }: { task: SyncTask; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const control = useTaskControl();
  const plan = useApiQuery('sync.preview', { id: task.id }, { staleTime: 0, gcTime: 0, retry: false });
  const locale = i18n.language;
  const data = plan.data;

  return (
    <Dialog
      open
      wide
      title={t('sync.preview.title', { name: task.name })}
      onClose={onClose}
      testId="sync-preview-dialog"
      footer={
        <>
          <button type="button" className="button" onClick={() => void plan.refetch()} disabled={plan.isFetching}>
            <Icon name="refresh" size={14} />
            {t('sync.preview.rescan')}
          </button>
          <span className="sync-actions-spacer" />
          {task.status === 'waitingForConfirmation' && (
            <button
              type="button"
              className="button button-danger"
              disabled={control.busy}
              onClick={() => {
                control.run('sync.confirmDeletions', task);
                onClose();
              }}
              data-testid="sync-preview-confirm"
            >
              {t('sync.notice.confirmDeletions')}
            </button>
          )}
          {task.status !== 'paused' && task.status !== 'waitingForConfirmation' && data && data.actions.length > 0 && (
            <button
              type="button"
              className="button"
              disabled={control.busy}
              onClick={() => {
                control.run('sync.runNow', task);
                onClose();
              }}
              data-testid="sync-preview-run"
            >
              {t('sync.actions.runNow')}
            </button>
          )}
          <button type="button" className="button button-primary" onClick={onClose}>
            {t('common.close')}
          </button>
        </>
      }
    >
      <p className="field-hint">{t('sync.preview.explain')}</p>
      {plan.isFetching && !data && (
        <p role="status" className="sync-preview-loading">
          {t('sync.preview.scanning')}
        </p>
      )}
      <ErrorText error={plan.error} />
      {data && (
        <div className="sync-preview" data-testid="sync-preview" aria-busy={plan.isFetching}>
          <p className="sync-preview-summary">
            {t('sync.preview.summary', {
              local: t('sync.preview.files', { count: data.localFiles, formatted: formatCount(data.localFiles, locale) }),
              remote: t('sync.preview.files', { count: data.remoteFiles, formatted: formatCount(data.remoteFiles, locale) }),
              actions: formatCount(data.actions.length, locale),
              count: data.actions.length,
            })}
          </p>
          {data.blockedBy ? (
            <div className="sync-notice sync-notice-warning" data-testid="sync-preview-blocked">
              <Icon name="warning" />
              <div className="sync-notice-text">
                <p className="sync-notice-title">{t('sync.preview.blockedTitle')}</p>
                <p>{t('sync.preview.blockedText', { reason: blockedText(i18n, data.blocked, data.blockedBy) })}</p>
              </div>
            </div>
          ) : (
            data.actions.some((a) => isDeletion(a.kind)) && (
              <p className="sync-preview-guard-ok" data-testid="sync-preview-guard-ok">
                <Icon name="check" size={14} />
                {t('sync.preview.guardOk')}
              </p>
            )
          )}
          {data.actions.length === 0 ? (
            <p className="sync-preview-nothing" data-testid="sync-preview-nothing">
              <Icon name="check" size={14} />
              {t('sync.preview.nothing')}
            </p>
          ) : (
            <>
              <ul className="sync-counts" aria-label={t('sync.preview.counts')}>
                {countActions(data.actions).map(({ kind, count }) => (
                  <li key={kind} className={`sync-chip ${isDeletion(kind) ? 'sync-chip-danger' : kind === 'conflict' ? 'sync-chip-warning' : ''}`} data-testid="sync-plan-count" data-kind={kind}>
                    {t(`sync.kind.${kind}`)}: <strong>{formatCount(count, locale)}</strong>
                  </li>
                ))}
              </ul>
              <PlanTable actions={data.actions} />
            </>
          )}
        </div>
      )}
    </Dialog>
  );
}
