/**
 * The conflicts dialog's actions: settle conflicts (one or all) with the
 * fingerprint each was listed with, so the core refuses any that changed since,
 * and find a conflict's folder (shown in the file manager on the desktop).
 */
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AppError } from '@shared/contract/define';
import type { SyncConflict, SyncConflictChoice, SyncTask } from '@shared/contract/sync';
import { useErrorMessage } from '../../components/ErrorText';
import { useApiMutation } from '../../lib/api';

export interface ConflictOutcome {
  /** How many were settled by the last choice. */
  resolved: number;
  /** Why the others were not, in the user's language. */
  problems: Array<{ id: number; text: string }>;
}

export function useConflictActions(task: SyncTask) {
  const { t } = useTranslation();
  const describe = useErrorMessage();
  const client = useQueryClient();
  const resolve = useApiMutation('sync.resolveConflicts');
  const reveal = useApiMutation('sync.conflictFolder');
  const [outcome, setOutcome] = useState<ConflictOutcome | null>(null);
  const [folder, setFolder] = useState<{ folder: string; revealed: boolean } | null>(null);

  const refresh = () => Promise.all([client.invalidateQueries({ queryKey: ['sync.conflicts'] }), client.invalidateQueries({ queryKey: ['sync.list'] })]);

  return {
    busy: resolve.isPending,
    outcome,
    folder,
    async choose(choice: SyncConflictChoice, conflicts: readonly SyncConflict[]) {
      if (conflicts.length === 0) return;
      setFolder(null);
      try {
        const result = await resolve.mutateAsync({ id: task.id, choice, conflicts: conflicts.map((c) => ({ id: c.id, version: c.version })) });
        const problems = result.failed.map((f) => ({
          id: f.id,
          text: f.params?.changedSince ? t('sync.conflicts.changed', { path: f.path }) : t('sync.conflicts.failed', { path: f.path, error: describe(AppError.fromShape(f)) }),
        }));
        setOutcome({ resolved: result.resolved, problems });
      } catch (error) {
        setOutcome({ resolved: 0, problems: [{ id: -1, text: describe(error) }] });
      }
      await refresh();
    },
    async openFolder(conflict: SyncConflict) {
      try {
        setFolder(await reveal.mutateAsync({ id: task.id, conflictId: conflict.id }));
      } catch (error) {
        setOutcome({ resolved: 0, problems: [{ id: conflict.id, text: describe(error) }] });
      }
    },
  };
}
