/**
 * The transfers drawer above the status bar: totals and queue-wide commands
 * on top, the virtualized queue below. While a root's folder is open, the queue is
 * also a drop target and offers upload buttons for the folder being viewed.
 */
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { TransferTotals } from '@shared/contract/domain';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { useApiQuery } from '../../lib/api';
import { formatBytes, formatCount } from '../../lib/format';
import { useBrowserStore } from '../../stores/browser-store';
import { useRootGone } from '../storage/root-gone';
import { DropZone } from './DropZone';
import { folderLabel } from './folder-label';
import { unfinishedCount } from './job-display';
import { TransferIcon } from './TransferIcon';
import { TransferList } from './TransferList';
import { useTransfersUi } from './transfers-store';
import { useTransferControl } from './use-transfer-control';
import { useUploadController, type UploadDestination } from './use-upload-controller';

const NO_TOTALS: TransferTotals = { queued: 0, running: 0, paused: 0, failed: 0, completed: 0, cancelled: 0, waiting: 0, skipped: 0, bytesDone: 0, bytesTotal: 0, speed: 0 };

export function TransfersPanel() {
  const open = useTransfersUi((s) => s.panelOpen);
  return open ? <OpenPanel /> : null;
}

function OpenPanel() {
  const { t } = useTranslation();
  const location = useBrowserStore((s) => s.location);
  // A root deleted elsewhere takes no uploads: no buttons, no drop target (like the browser's own view of it).
  const gone = useRootGone(location?.connectionId ?? '', location?.root ?? null, null);
  const destination: UploadDestination | null =
    location && location.root !== null && !gone ? { connectionId: location.connectionId, root: location.root, folder: location.prefix } : null;
  return (
    <section className="transfers-panel" data-testid="transfers-panel" aria-label={t('transfers.title')}>
      {destination ? <PanelWithUploads destination={destination} /> : <PanelBody destination={null} />}
    </section>
  );
}

function PanelWithUploads({ destination }: { destination: UploadDestination }) {
  const upload = useUploadController(destination);
  return <PanelBody destination={destination} upload={upload} />;
}

function PanelBody({ destination, upload }: { destination: UploadDestination | null; upload?: ReturnType<typeof useUploadController> }) {
  const { t } = useTranslation();
  const label = destination ? folderLabel(t, destination.folder) : '';
  const list = <TransferList emptyText={destination ? t('transfers.emptyDrop', { folder: label }) : t('transfers.empty')} />;
  return (
    <>
      <PanelHead
        uploadButtons={
          upload && (
            <>
              <button type="button" className="button" onClick={() => void upload.pickAndUploadFiles()} data-testid="upload-files">
                <TransferIcon name="upload" />
                {t('transfers.action.uploadFiles')}
              </button>
              <button type="button" className="button" onClick={() => void upload.pickAndUploadFolder()} data-testid="upload-folder">
                <TransferIcon name="folder" />
                {t('transfers.action.uploadFolder')}
              </button>
            </>
          )
        }
      />
      {upload ? (
        <DropZone folderLabel={label} onDrop={(dataTransfer) => void upload.uploadDataTransfer(dataTransfer)} className="transfers-drop">
          {list}
        </DropZone>
      ) : (
        list
      )}
    </>
  );
}

function PanelHead({ uploadButtons }: { uploadButtons: ReactNode }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const totals = useApiQuery('transfers.totals', {}).data ?? NO_TOTALS;
  const { control, clearFinished } = useTransferControl();
  const [confirmCancel, setConfirmCancel] = useState(false);
  const unfinished = unfinishedCount(totals);
  // Queue-wide counts by outcome (skipped apart from completed); bytes, speed and time left are each batch's, on its own row.
  const counts = (['failed', 'waiting', 'running', 'queued', 'paused', 'skipped', 'completed'] as const)
    .filter((key) => totals[key] > 0)
    .map((key) => (
      <span key={key} className={`transfers-count transfers-count-${key}`} data-testid={`transfers-count-${key}`} data-count={totals[key]}>
        {t(`transfers.totals.${key}`, { formatted: formatCount(totals[key], locale) })}
      </span>
    ));
  return (
    <div className="transfers-head">
      <h2 className="transfers-title">{t('transfers.title')}</h2>
      <div className="transfers-totals" data-testid="transfers-totals" aria-live="polite">
        {counts}
        {totals.running > 0 && totals.speed > 0 && (
          <span className="transfers-count" data-testid="transfers-speed">
            {t('transfers.speed', { speed: formatBytes(totals.speed, locale) })}
          </span>
        )}
      </div>
      <div className="transfers-commands">
        {uploadButtons}
        {totals.waiting > 0 && (
          <button type="button" className="button" onClick={() => useTransfersUi.getState().askConflict(null)} data-testid="transfers-decide">
            <TransferIcon name="decide" />
            {t('transfers.action.decide')}
          </button>
        )}
        <button type="button" className="icon-button" title={t('transfers.action.pauseAll')} aria-label={t('transfers.action.pauseAll')} disabled={totals.queued + totals.running + totals.waiting === 0} onClick={() => void control('pause', null)} data-testid="transfers-pause-all">
          <TransferIcon name="pause" />
        </button>
        <button type="button" className="icon-button" title={t('transfers.action.resumeAll')} aria-label={t('transfers.action.resumeAll')} disabled={totals.paused === 0} onClick={() => void control('resume', null)} data-testid="transfers-resume-all">
          <TransferIcon name="resume" />
        </button>
        <button type="button" className="icon-button" title={t('transfers.action.retryFailed')} aria-label={t('transfers.action.retryFailed')} disabled={totals.failed === 0} onClick={() => void control('retry', null)} data-testid="transfers-retry-failed">
          <TransferIcon name="retry" />
        </button>
        <button type="button" className="icon-button" title={t('transfers.action.cancelAll')} aria-label={t('transfers.action.cancelAll')} disabled={unfinished === 0} onClick={() => setConfirmCancel(true)} data-testid="transfers-cancel-all">
          <TransferIcon name="cancel" />
        </button>
        <button type="button" className="icon-button" title={t('transfers.action.clearFinished')} aria-label={t('transfers.action.clearFinished')} disabled={totals.completed + totals.skipped + totals.cancelled === 0} onClick={() => void clearFinished()} data-testid="transfers-clear-finished">
          <TransferIcon name="clear" />
        </button>
        <button type="button" className="icon-button" title={t('transfers.close')} aria-label={t('transfers.close')} onClick={() => useTransfersUi.getState().setPanelOpen(false)} data-testid="transfers-close">
          <TransferIcon name="chevronDown" />
        </button>
      </div>
      <ConfirmDialog
        open={confirmCancel}
        title={t('transfers.cancelAll.title')}
        message={t('transfers.cancelAll.message', { count: unfinished, formatted: formatCount(unfinished, locale) })}
        confirmLabel={t('transfers.cancelAll.confirm')}
        danger
        onConfirm={() => control('cancel', null)}
        onClose={() => setConfirmCancel(false)}
        testId="cancel-all-dialog"
      />
    </div>
  );
}
