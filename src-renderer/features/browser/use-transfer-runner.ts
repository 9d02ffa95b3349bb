/**
 * Move to… / Copy to… as Finder does it: the operation first runs with
 * conflict 'ask', which changes nothing when destinations are taken; then the
 * user answers once (or item by item) and it runs again with the answers,
 * until nothing is left unanswered. Cancelling the question changes nothing.
 */
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConflictPolicy, ObjectTarget } from '@shared/contract/domain';
import { useToasts } from '../../components/toasts';
import { useTransport } from '../../lib/api';
import { askTransferConflicts, type ConflictAnswer } from './transfer-conflict-store';
import { useOperationRunner } from './use-operation-runner';

export interface TransferRequest {
  connectionId: string;
  mode: 'move' | 'copy';
  root: string;
  targets: ObjectTarget[];
  targetRoot: string;
  targetFolder: string;
}

export function useTransferRunner(): (request: TransferRequest, subject: string, folderLabel: string) => Promise<void> {
  const transport = useTransport();
  const run = useOperationRunner();
  const show = useToasts((s) => s.show);
  const { t } = useTranslation();
  return useCallback(
    async (request, subject, folderLabel) => {
      let conflict: ConflictPolicy = 'ask';
      const decisions: ConflictAnswer['decisions'] = [];
      for (;;) {
        const result = await run({
          kind: request.mode,
          subject,
          call: (operationId) => transport.call('objects.transfer', { ...request, operationId, conflict, ...(decisions.length > 0 ? { decisions } : {}) }),
        });
        if (!result.conflicts) return;
        const answer = await askTransferConflicts({ mode: request.mode, folderLabel, targetFolder: request.targetFolder, conflicts: result.conflicts });
        if (!answer) {
          show('info', t(`transferConflict.nothingDone.${request.mode}`));
          return;
        }
        decisions.push(...answer.decisions);
        if (answer.all) conflict = answer.all;
      }
    },
    [transport, run, show, t],
  );
}
