/** The task controls a card, its notices and the preview share: run now, pause, resume, confirm deletions, restore the deleted files. */
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { SyncTask } from '@shared/contract/sync';
import { useErrorMessage } from '../../components/ErrorText';
import { useToasts } from '../../components/toasts';
import { useApiMutation } from '../../lib/api';

export type TaskControl = 'sync.runNow' | 'sync.pause' | 'sync.resume' | 'sync.confirmDeletions' | 'sync.restoreDeleted';

/** Runs one of the task's controls; a failure becomes an error toast. */
export function useTaskControl() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const describe = useErrorMessage();
  const show = useToasts((s) => s.show);
  const runNow = useApiMutation('sync.runNow');
  const pause = useApiMutation('sync.pause');
  const resume = useApiMutation('sync.resume');
  const confirm = useApiMutation('sync.confirmDeletions');
  const restore = useApiMutation('sync.restoreDeleted');
  const mutations = { 'sync.runNow': runNow, 'sync.pause': pause, 'sync.resume': resume, 'sync.confirmDeletions': confirm, 'sync.restoreDeleted': restore };
  return {
    busy: runNow.isPending || pause.isPending || resume.isPending || confirm.isPending || restore.isPending,
    run(control: TaskControl, task: SyncTask) {
      mutations[control]
        .mutateAsync({ id: task.id })
        .then(() => client.invalidateQueries({ queryKey: ['sync.list'] }))
        .catch((error: unknown) => show('error', t('sync.controlFailed', { name: task.name, error: describe(error) })));
    },
  };
}
