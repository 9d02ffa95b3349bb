/** The latest view of a job this dialog started, from the connection's job list (polled while it runs). */
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { SpaceJobView } from '@shared/contract/spaces';
import { useSpaceJobs } from './use-spaces';

export function useFollowedJob(connectionId: string, started: SpaceJobView | null): SpaceJobView | null {
  const client = useQueryClient();
  const jobs = useSpaceJobs(connectionId);
  useEffect(() => {
    // The list is polled only while something runs: it must learn of this job first.
    if (started) void client.invalidateQueries({ queryKey: ['spaces.jobs', { connectionId }] });
  }, [started, client, connectionId]);
  if (!started) return null;
  return jobs.data?.find((j) => j.id === started.id) ?? started;
}
