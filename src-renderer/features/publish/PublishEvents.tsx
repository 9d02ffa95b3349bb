/**
 * Keeps the publish caches fresh, once for the whole app: `publish.changed`
 * (jobs added, moving on, their order status read again) refetches the Crust
 * page's pages, the browser's badges and open details, throttled (a folder
 * of many files sends bursts).
 */
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTransport } from '../../lib/api';
import { throttle } from '../transfers/throttle';
import { invalidatePublish } from './use-publish';

const REFETCH_EVERY_MS = 500;

export function PublishEvents() {
  const client = useQueryClient();
  const transport = useTransport();
  useEffect(() => {
    const refetch = throttle(() => invalidatePublish(client), REFETCH_EVERY_MS);
    const stop = transport.subscribe('publish.changed', refetch);
    return () => {
      refetch.cancel();
      stop();
    };
  }, [client, transport]);
  return null;
}
