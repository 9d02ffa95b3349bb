/**
 * A batch's header row: what it is (one file's name, or "N files to folder"),
 * its totals over all its files (files settled of all, bytes moved of all,
 * speed, time left), counts by outcome with failures first, and commands for
 * the whole batch (retry all failed, pause, resume, cancel). Opens and closes
 * the batch's own rows.
 */
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { TransferBatch } from '@shared/contract/transfer-batches';
import { formatBytes, formatCount } from '../../lib/format';
import { batchPercent, settledFiles } from './batch-rows';
import { splitEta } from './job-display';
import { TransferIcon } from './TransferIcon';
import { TRANSFER_ROW_HEIGHT } from './TransferRow';

export type BatchAction = 'retry' | 'pause' | 'resume' | 'cancel';

export interface BatchRowProps {
  batch: TransferBatch;
  expanded: boolean;
  start: number;
  onToggle: (batchId: string, expanded: boolean) => void;
  onAction: (batch: TransferBatch, action: BatchAction) => void;
}

const OUTCOMES = ['failed', 'waiting', 'running', 'queued', 'paused', 'skipped', 'cancelled', 'completed'] as const;

/** The batch's state in one word, for styling and tests: failures outrank everything. */
export function batchState(batch: TransferBatch): 'failed' | 'waiting' | 'running' | 'paused' | 'queued' | 'finished' {
  if (batch.failed > 0) return 'failed';
  if (batch.waiting > 0) return 'waiting';
  if (batch.running > 0) return 'running';
  if (batch.queued > 0) return 'queued';
  if (batch.paused > 0) return 'paused';
  return 'finished';
}

export const BatchRow = memo(function BatchRow({ batch, expanded, start, onToggle, onAction }: BatchRowProps) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const state = batchState(batch);
  const up = batch.direction === 'upload';
  const folder = folderName(batch);
  const title =
    batch.files === 1
      ? batch.firstName
      : t(up ? 'transfers.batchRow.uploadTitle' : 'transfers.batchRow.downloadTitle', {
          count: batch.files,
          formatted: formatCount(batch.files, locale),
          folder: folder || t('transfers.packageRoot'),
        });
  const eta = splitEta(batch.etaSeconds);
  const figures = [
    t('transfers.batchRow.files', { done: formatCount(settledFiles(batch), locale), count: batch.files, formatted: formatCount(batch.files, locale) }),
    t('transfers.bytes', { done: formatBytes(batch.bytesDone, locale), size: formatBytes(batch.bytesTotal, locale) }),
    batch.speed > 0 ? t('transfers.speed', { speed: formatBytes(batch.speed, locale) }) : null,
    eta ? t(`transfers.eta.${eta.unit}`, eta) : null,
  ].filter((f): f is string => !!f);
  const unfinished = batch.queued + batch.waiting + batch.running + batch.paused;
  const actions: BatchAction[] = [
    ...(batch.failed > 0 ? (['retry'] as const) : []),
    ...(batch.queued + batch.running > 0 ? (['pause'] as const) : []),
    ...(batch.paused > 0 ? (['resume'] as const) : []),
    ...(unfinished > 0 ? (['cancel'] as const) : []),
  ];
  const percent = batchPercent(batch);

  return (
    <div
      role="listitem"
      className={`transfer-row transfer-batch transfer-batch-${state}`}
      style={{ transform: `translateY(${start}px)`, height: TRANSFER_ROW_HEIGHT }}
      data-testid="transfer-batch"
      data-batch-id={batch.batchId}
      data-files={batch.files}
      data-state={state}
      aria-expanded={expanded}
      aria-label={`${title}: ${figures.join(' · ')}`}
    >
      <button
        type="button"
        className="icon-button transfer-batch-toggle"
        aria-expanded={expanded}
        aria-label={t(expanded ? 'transfers.batchRow.collapse' : 'transfers.batchRow.expand', { name: title })}
        title={t(expanded ? 'transfers.batchRow.collapse' : 'transfers.batchRow.expand', { name: title })}
        onClick={() => onToggle(batch.batchId, !expanded)}
        data-testid="batch-toggle"
      >
        <TransferIcon name="chevronDown" />
      </button>
      <span className="transfer-direction" title={t(up ? 'transfers.upload' : 'transfers.download')}>
        <TransferIcon name={batch.direction} />
      </span>
      <div className="transfer-main">
        <div className="transfer-line">
          <span className="transfer-name" title={title} data-testid="batch-title">
            {title}
          </span>
          <span className="transfer-figures" data-testid="batch-figures">
            {figures.join(' · ')}
          </span>
        </div>
        <div className="transfer-detail transfer-batch-counts" data-testid="batch-counts">
          {OUTCOMES.filter((key) => batch[key] > 0).map((key) => (
            <span key={key} className={`transfers-count transfers-count-${key}`} data-testid={`batch-count-${key}`} data-count={batch[key]}>
              {t(`transfers.totals.${key}`, { formatted: formatCount(batch[key], locale) })}
            </span>
          ))}
        </div>
        <div className="progress transfer-progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(percent)} aria-label={title}>
          <div className="progress-bar" style={{ width: `${percent}%` }} />
        </div>
      </div>
      <div className="transfer-actions">
        {actions.map((action) => {
          const label = t(action === 'retry' ? 'transfers.batchRow.retryAll' : `transfers.batchRow.${action}`);
          return (
            <button key={action} type="button" className="icon-button" title={label} aria-label={`${label}: ${title}`} data-testid={`batch-${action}`} onClick={() => onAction(batch, action)}>
              <TransferIcon name={action} />
            </button>
          );
        })}
      </div>
    </div>
  );
});

/** The folder the batch goes to (uploads) or lands in (downloads), by its last name. */
function folderName(batch: TransferBatch): string {
  return batch.direction === 'upload' ? batch.folder : batch.folder.slice(batch.folder.lastIndexOf('/') + 1);
}
