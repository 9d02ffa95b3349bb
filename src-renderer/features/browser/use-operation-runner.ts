/**
 * Runs one long object operation: a fresh operation id, progress events
 * matched to it (subscribed before the call, so none is missed), a cancel
 * that asks main, and the outcome told once in a toast — with the list of
 * failed paths kept for the failures dialog.
 */
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { AppError, AppErrorCode } from '@shared/contract/define';
import type { ObjectOpResult } from '@shared/contract/domain';
import { useErrorMessage } from '../../components/ErrorText';
import { useToasts } from '../../components/toasts';
import { useTransport } from '../../lib/api';
import { formatCount } from '../../lib/format';
import { newOperationId } from '../../lib/operation-id';
import { useOperations, type OperationKind } from './operations-store';

export type OperationCall = (operationId: string) => Promise<ObjectOpResult>;

export interface RunOptions {
  kind: OperationKind;
  subject: string;
  call: OperationCall;
  /** The caller shows a thrown error itself (in its dialog), so no toast for it. */
  quietErrors?: boolean;
}

export function useOperationRunner(): (options: RunOptions) => Promise<ObjectOpResult> {
  const transport = useTransport();
  const { t, i18n } = useTranslation();
  const describe = useErrorMessage();
  const show = useToasts((s) => s.show);

  return useCallback(
    async ({ kind, subject, call, quietErrors }) => {
      const operationId = newOperationId();
      const ops = useOperations.getState();
      ops.start({ operationId, kind, subject });
      const stop = transport.subscribe('operation.progress', (p) => {
        if (p.operationId === operationId) useOperations.getState().progress(operationId, p.done, p.total);
      });
      try {
        const result = await call(operationId);
        // A move or copy that found taken destinations changed nothing: its caller asks the user.
        if (result.conflicts) return result;
        const count = formatCount(result.succeeded, i18n.language);
        if (result.skipped && result.failed.length === 0 && (kind === 'move' || kind === 'copy')) {
          show('success', t(`transferConflict.outcome.${kind}`, { count: result.succeeded, formatted: count, skipped: formatCount(result.skipped, i18n.language) }));
        } else if (result.failed.length === 0) {
          show('success', t(`browser.outcome.${kind}`, { count: result.succeeded, formatted: count }));
        } else {
          useOperations.getState().reportFailures({ kind, failed: result.failed });
          show('error', t(`browser.outcome.${kind}Partly`, { count: result.succeeded, formatted: count, failed: formatCount(result.failed.length, i18n.language) }));
        }
        return result;
      } catch (error) {
        if (error instanceof AppError && error.code === AppErrorCode.Cancelled) {
          // How far it got, as the last progress event said (the service's own message is not translated).
          const last = useOperations.getState().running.find((op) => op.operationId === operationId);
          show('info', t('browser.outcome.cancelled', { done: formatCount(last?.done ?? 0, i18n.language), total: formatCount(last?.total ?? 0, i18n.language) }));
        } else if (!quietErrors) {
          show('error', t('browser.outcome.failed', { message: describe(error) }));
        }
        throw error;
      } finally {
        stop();
        useOperations.getState().finish(operationId);
      }
    },
    [transport, t, i18n, describe, show],
  );
}

/** Asks main to stop an operation between two batches; its call then fails with Cancelled. */
export function useCancelOperation(): (operationId: string) => void {
  const transport = useTransport();
  const show = useToasts((s) => s.show);
  const describe = useErrorMessage();
  return useCallback(
    (operationId) => {
      useOperations.getState().markCancelling(operationId);
      transport.call('operations.cancel', { operationId }).catch((error: unknown) => show('error', describe(error)));
    },
    [transport, show, describe],
  );
}
