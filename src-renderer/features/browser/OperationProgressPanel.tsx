/** Running operations under the list: what, how far (done / total), and a Cancel button. */
import { useTranslation } from 'react-i18next';
import { formatCount } from '../../lib/format';
import { useOperations } from './operations-store';
import { useCancelOperation } from './use-operation-runner';

export function OperationProgressPanel() {
  const { t, i18n } = useTranslation();
  const running = useOperations((s) => s.running);
  const cancel = useCancelOperation();
  if (running.length === 0) return null;
  return (
    <div className="browser-operations" aria-live="polite">
      {running.map((op) => {
        const percent = op.total > 0 ? Math.min(100, (op.done / op.total) * 100) : 0;
        return (
          <div key={op.operationId} className="browser-operation" data-testid="operation-progress" data-kind={op.kind} data-done={op.done} data-total={op.total}>
            <span className="browser-operation-label">{t(`browser.progress.${op.kind}`, { subject: op.subject })}</span>
            <div className="progress browser-operation-bar" role="progressbar" aria-valuemin={0} aria-valuemax={op.total || undefined} aria-valuenow={op.total ? op.done : undefined} aria-label={t(`browser.progress.${op.kind}`, { subject: op.subject })}>
              <div className={op.total > 0 ? 'progress-bar' : 'progress-bar browser-progress-indeterminate'} style={{ width: op.total > 0 ? `${percent}%` : '30%' }} />
            </div>
            <span className="browser-operation-count">
              {op.total > 0 ? t('browser.progress.count', { done: formatCount(op.done, i18n.language), total: formatCount(op.total, i18n.language) }) : t('browser.progress.counting')}
            </span>
            <button type="button" className="button" onClick={() => cancel(op.operationId)} disabled={op.cancelling} data-testid="operation-cancel">
              {op.cancelling ? t('browser.progress.cancelling') : t('common.cancel')}
            </button>
          </div>
        );
      })}
    </div>
  );
}
