/** The queue's commands (control jobs or a whole batch, clear finished) with failures shown as toasts; events refresh the views. */
import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { useErrorMessage } from '../../components/ErrorText';
import { useToasts } from '../../components/toasts';
import { useTransport } from '../../lib/api';

export type ControlAction = 'pause' | 'resume' | 'cancel' | 'retry';

export function useTransferControl() {
  const transport = useTransport();
  const client = useQueryClient();
  const describe = useErrorMessage();
  const refresh = useCallback(() => {
    for (const name of ['transfers.batches', 'transfers.batchJobs', 'transfers.totals', 'transfers.conflicts']) void client.invalidateQueries({ queryKey: [name] });
  }, [client]);
  const fail = useCallback((error: unknown) => useToasts.getState().show('error', describe(error)), [describe]);

  const control = useCallback(
    async (action: ControlAction, ids: string[] | null) => {
      try {
        await transport.call('transfers.control', { action, ids });
        refresh();
      } catch (error) {
        fail(error);
      }
    },
    [transport, refresh, fail],
  );
  const controlBatch = useCallback(
    async (batchId: string, action: ControlAction) => {
      try {
        await transport.call('transfers.batchControl', { batchId, action });
        refresh();
      } catch (error) {
        fail(error);
      }
    },
    [transport, refresh, fail],
  );
  const clearFinished = useCallback(async () => {
    try {
      await transport.call('transfers.clearFinished', {});
      refresh();
    } catch (error) {
      fail(error);
    }
  }, [transport, refresh, fail]);
  return { control, controlBatch, clearFinished };
}
