/**
 * The Spaces page's data: a connection's spaces, its imports and exports
 * (asked again every second while one runs), and its sync tasks (every second
 * while a pass runs, every few seconds while tasks wait for their next one).
 * A finished import makes a package: the connection's root lists refresh.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useApiQuery } from '../../lib/api';
import { jobsRefetchMs, tasksRefetchMs } from './space-display';

export function useSpaces(connectionId: string) {
  return useApiQuery('spaces.list', { connectionId }, { staleTime: 5000 });
}

export function useSpaceJobs(connectionId: string) {
  const client = useQueryClient();
  const jobs = useApiQuery('spaces.jobs', { connectionId }, { staleTime: 0, refetchInterval: (query) => jobsRefetchMs(query.state.data) });
  /** Jobs seen finished: one that finishes later (even between two polls) refreshes what it changed, once. */
  const known = useRef<Set<string> | null>(null);
  useEffect(() => {
    if (!jobs.data) return;
    const finishedNow = jobs.data.filter((j) => j.state !== 'running');
    const seen = known.current;
    known.current = new Set(finishedNow.map((j) => j.id));
    if (!seen) return;
    const finished = finishedNow.filter((j) => !seen.has(j.id));
    if (finished.some((j) => j.kind === 'import' && j.state === 'done')) void client.invalidateQueries({ queryKey: ['roots.list', { connectionId }] });
    // An export wrote into a space, an import may have read a folder being looked at: the pickers list again.
    if (finished.length > 0) void client.invalidateQueries({ queryKey: ['spaces.browse', { connectionId }] });
  }, [jobs.data, client, connectionId]);
  return jobs;
}

export function useSpaceTasks(connectionId: string) {
  return useApiQuery('spaces.tasks.list', { connectionId }, { staleTime: 0, refetchInterval: (query) => tasksRefetchMs(query.state.data) });
}
