/**
 * The Sync page's live data: the task list refetched on `sync.changed`
 * (throttled: a busy run sends several events a second), the task-scoped
 * lists that event also touches, and a clock for relative times.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { EventPayload } from '@shared/contract/events';
import { useApiQuery, useEvent } from '../../lib/api';
import { throttled } from './throttled';

export function useSyncTasks() {
  const client = useQueryClient();
  const refetchList = useMemo(() => throttled(() => void client.invalidateQueries({ queryKey: ['sync.list'] }), 250), [client]);
  useEffect(() => () => refetchList.cancel(), [refetchList]);
  const onChanged = useCallback(
    ({ taskId }: EventPayload<'sync.changed'>) => {
      refetchList();
      void client.invalidateQueries({ queryKey: ['sync.conflicts', { id: taskId }] });
    },
    [client, refetchList],
  );
  useEvent('sync.changed', onChanged);
  return useApiQuery('sync.list', {}, { staleTime: 0 });
}

/** The current time, updated every `ms` (for "3 minutes ago"). */
export function useNow(ms = 15_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}
