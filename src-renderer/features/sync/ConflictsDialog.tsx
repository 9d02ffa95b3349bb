/** Files changed on both sides: both versions were kept, the other one under a conflict name. */
import { useTranslation } from 'react-i18next';
import type { SyncTask } from '@shared/contract/sync';
import { Dialog } from '../../components/Dialog';
import { ErrorText } from '../../components/ErrorText';
import { Icon } from '../../components/Icon';
import { useApiQuery } from '../../lib/api';

export function ConflictsDialog({ task, onClose, onOpenTrash }: { task: SyncTask; onClose: () => void; onOpenTrash: () => void }) {
  const { t, i18n } = useTranslation();
  const conflicts = useApiQuery('sync.conflicts', { id: task.id }, { staleTime: 0 });
  const entries = conflicts.data ?? [];
  const time = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <Dialog
      open
      wide
      title={t('sync.conflicts.title', { name: task.name })}
      onClose={onClose}
      testId="sync-conflicts-dialog"
      footer={
        <>
          <button type="button" className="button" onClick={onOpenTrash}>
            {t('sync.actions.trash')}
          </button>
          <button type="button" className="button button-primary" onClick={onClose}>
            {t('common.close')}
          </button>
        </>
      }
    >
      <p className="field-hint">{t('sync.conflicts.explain')}</p>
      {conflicts.isPending && <p role="status">{t('common.loading')}</p>}
      <ErrorText error={conflicts.error} />
      {conflicts.isSuccess && entries.length === 0 && (
        <p className="sync-empty-line" data-testid="sync-conflicts-empty">
          {t('sync.conflicts.empty')}
        </p>
      )}
      {entries.length > 0 && (
        <div className="sync-simple-table-scroll">
          <table className="sync-simple-table" data-testid="sync-conflicts-table">
            <thead>
              <tr>
                <th>{t('sync.conflicts.when')}</th>
                <th>{t('sync.conflicts.path')}</th>
                <th aria-hidden />
                <th>{t('sync.conflicts.keptAs')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((c) => (
                <tr key={c.id} data-testid="sync-conflict-row">
                  <td>{time.format(c.at)}</td>
                  <td className="mono sync-cell-path">{c.path}</td>
                  <td aria-hidden>
                    <Icon name="arrowRight" size={12} />
                  </td>
                  <td>
                    <span className="mono sync-cell-path">{c.keptAs}</span>
                    <span className="field-hint" data-testid="sync-conflict-renamed" data-renamed={c.renamed}>
                      {' '}
                      ({t(c.renamed === 'local' ? 'sync.conflicts.renamedLocal' : 'sync.conflicts.renamedRemote')})
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Dialog>
  );
}
