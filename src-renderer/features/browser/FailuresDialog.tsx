/** Every path the last operation could not handle, with the code and the service's message. */
import { useTranslation } from 'react-i18next';
import { Dialog } from '../../components/Dialog';
import { formatCount } from '../../lib/format';
import { useOperations } from './operations-store';

/** More rows than this would make a dialog nobody reads; the count says how many there are. */
const MAX_SHOWN = 500;

export function FailuresDialog() {
  const { t, i18n } = useTranslation();
  const report = useOperations((s) => s.failures);
  const close = () => useOperations.getState().reportFailures(null);
  if (!report) return null;
  return (
    <Dialog
      open
      wide
      title={t(`browser.failures.title.${report.kind}`)}
      onClose={close}
      testId="failures-dialog"
      footer={
        <button type="button" className="button button-primary" onClick={close} autoFocus>
          {t('common.close')}
        </button>
      }
    >
      <p>{t('browser.failures.summary', { count: report.failed.length, formatted: formatCount(report.failed.length, i18n.language) })}</p>
      <ul className="browser-failures">
        {report.failed.slice(0, MAX_SHOWN).map((f, i) => (
          <li key={`${i}:${f.path}`} data-testid="failure" data-code={f.code}>
            <span className="mono">{f.path}</span>
            <span className="browser-failure-reason">
              {t(`errors.${f.code}`, { defaultValue: f.code })} ({f.code}): {f.message}
            </span>
          </li>
        ))}
      </ul>
      {report.failed.length > MAX_SHOWN && <p className="field-hint">{t('browser.failures.more', { count: report.failed.length - MAX_SHOWN })}</p>}
    </Dialog>
  );
}
