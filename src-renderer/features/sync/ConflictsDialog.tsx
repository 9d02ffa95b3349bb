/**
 * Files changed on both sides: both versions were kept, the other one under a
 * conflict name. Each conflict (or all of them) can be settled: keep mine,
 * keep theirs (the other version goes to the trash), keep both; and its folder
 * opened (the desktop shows it in the file manager; a browser shows the path).
 */
import { useTranslation } from 'react-i18next';
import type { SyncTask } from '@shared/contract/sync';
import { Dialog } from '../../components/Dialog';
import { ErrorText } from '../../components/ErrorText';
import { Icon } from '../../components/Icon';
import { useApiQuery } from '../../lib/api';
import { ConflictFolder, ConflictRowActions } from './ConflictParts';
import { useConflictActions } from './use-conflict-actions';

export function ConflictsDialog({ task, onClose, onOpenTrash }: { task: SyncTask; onClose: () => void; onOpenTrash: () => void }) {
  const { t, i18n } = useTranslation();
  const conflicts = useApiQuery('sync.conflicts', { id: task.id }, { staleTime: 0 });
  const actions = useConflictActions(task);
  const entries = conflicts.data ?? [];
  const time = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });
  const { outcome } = actions;
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
      {outcome && (
        <div data-testid="sync-conflicts-outcome">
          {outcome.resolved > 0 && <p role="status">{t('sync.conflicts.resolved', { count: outcome.resolved })}</p>}
          {outcome.problems.map((problem) => (
            <p key={problem.id} className="sync-conflict-problem" role="alert" data-testid="sync-conflict-problem">
              {problem.text}
            </p>
          ))}
        </div>
      )}
      {actions.folder && <ConflictFolder folder={actions.folder} />}
      {conflicts.isSuccess && entries.length === 0 && (
        <p className="sync-empty-line" data-testid="sync-conflicts-empty">
          {t('sync.conflicts.empty')}
        </p>
      )}
      {entries.length > 1 && (
        <div className="sync-conflict-all" role="group" aria-label={t('sync.conflicts.forAll')}>
          <span>{t('sync.conflicts.forAll')}</span>
          <button type="button" className="button" disabled={actions.busy} title={t('sync.conflicts.keepMineHint')} onClick={() => void actions.choose('mine', entries)} data-testid="sync-conflicts-all-mine">
            {t('sync.conflicts.allMine')}
          </button>
          <button type="button" className="button" disabled={actions.busy} title={t('sync.conflicts.keepTheirsHint')} onClick={() => void actions.choose('theirs', entries)} data-testid="sync-conflicts-all-theirs">
            {t('sync.conflicts.allTheirs')}
          </button>
          <button type="button" className="button" disabled={actions.busy} title={t('sync.conflicts.keepBothHint')} onClick={() => void actions.choose('both', entries)} data-testid="sync-conflicts-all-both">
            {t('sync.conflicts.allBoth')}
          </button>
        </div>
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
                <th>{t('sync.conflicts.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((c) => (
                <tr key={c.id} data-testid="sync-conflict-row" data-path={c.path}>
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
                  <td>
                    <ConflictRowActions busy={actions.busy} onChoose={(choice) => void actions.choose(choice, [c])} onOpenFolder={() => void actions.openFolder(c)} />
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
