/**
 * Keeps the transfer caches in step with main, once for the whole app:
 * `transfers.progress` patches the cached list pages and the totals in place
 * (a few times a second, no refetch); `transfers.changed` (jobs added,
 * removed, or changing state) refetches the lists, throttled; finished
 * uploads refresh the listings of their roots at once (main's storage.changed
 * for them comes with its next snapshot); a batch that finishes shows a toast.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { EventPayload } from '@shared/contract/events';
import { useToasts } from '../../components/toasts';
import { apiKey, useTransport } from '../../lib/api';
import { formatCount } from '../../lib/format';
import { throttle } from './throttle';
import { finishedUploads, mergeUpdates, updatesById, type TransferPage } from './transfer-pages';

const REFETCH_EVERY_MS = 750;
const BATCHES_EVERY_MS = 1000;
/** Folder listings refresh at most this often while uploads finish. */
const LISTINGS_EVERY_MS = 1500;

export function TransferEvents() {
  const client = useQueryClient();
  const transport = useTransport();
  const { t, i18n } = useTranslation();
  const env = useRef({ t, locale: i18n.language });
  env.current = { t, locale: i18n.language };

  useEffect(() => {
    const refetch = throttle(() => {
      for (const name of ['transfers.batches', 'transfers.batchJobs', 'transfers.totals', 'transfers.conflicts']) void client.invalidateQueries({ queryKey: [name] });
    }, REFETCH_EVERY_MS);
    // The batches' bytes, speed and ETA move with progress: their totals are read again, at most this often (only while shown).
    const refetchBatches = throttle(() => void client.invalidateQueries({ queryKey: ['transfers.batches'] }), BATCHES_EVERY_MS);
    const announced = new Set<string>();
    // Roots with newly uploaded objects ('*': some root not known from the cached pages).
    let touched = new Set<string>();
    const refreshListings = throttle(() => {
      const roots = touched;
      touched = new Set();
      void client.invalidateQueries({
        predicate: (query) => {
          const [name, input] = query.queryKey as [unknown, { connectionId?: string; root?: string } | undefined];
          return name === 'objects.list' && (roots.has('*') || roots.has(`${input?.connectionId}:${input?.root}`));
        },
      });
    }, LISTINGS_EVERY_MS);
    const stops = [
      transport.subscribe('transfers.progress', ({ updates, totals }) => {
        const byId = updatesById(updates);
        const cached = client.getQueriesData<TransferPage>({ queryKey: ['transfers.batchJobs'] }).flatMap(([, page]) => (page ? [page] : []));
        const finished = finishedUploads(cached, byId);
        if (finished.unknown) touched.add('*');
        for (const key of finished.roots) touched.add(key);
        if (touched.size > 0) refreshListings();
        client.setQueriesData<TransferPage>({ queryKey: ['transfers.batchJobs'] }, (page) => (page ? mergeUpdates(page, byId) : page));
        client.setQueryData(apiKey('transfers.totals', {}), totals);
        refetchBatches();
      }),
      transport.subscribe('transfers.changed', refetch),
      transport.subscribe('transfers.conflict', () => void client.invalidateQueries({ queryKey: ['transfers.conflicts'] })),
      transport.subscribe('transfers.batchFinished', (batch) => {
        if (batch.sync) return; // the Sync page reports its own transfers
        // Main may announce a batch again when nothing changed (a decision on a finished batch): say it once.
        const key = `${batch.batchId}:${batch.completed}:${batch.skipped}:${batch.failed}:${batch.total}`;
        if (announced.has(key)) return;
        announced.add(key);
        const toast = batchToast(batch, env.current.t, env.current.locale);
        if (toast) useToasts.getState().show(toast.kind, toast.text);
      }),
    ];
    return () => {
      refetch.cancel();
      refetchBatches.cancel();
      refreshListings.cancel();
      stops.forEach((stop) => stop());
    };
  }, [client, transport]);
  return null;
}

/** What a finished batch says: failures first, then what was transferred, with skipped files counted apart. */
export function batchToast(batch: EventPayload<'transfers.batchFinished'>, t: TFunction, locale: string): { kind: 'success' | 'error' | 'info'; text: string } | null {
  const up = batch.direction === 'upload';
  if (batch.total === 0) return null;
  const skipped = batch.skipped > 0 ? t('transfers.batch.skipped', { count: batch.skipped, formatted: formatCount(batch.skipped, locale) }) : '';
  if (batch.failed > 0) {
    const text = t(up ? 'transfers.batch.uploadPartly' : 'transfers.batch.downloadPartly', { completed: formatCount(batch.completed, locale), total: formatCount(batch.total, locale), failed: formatCount(batch.failed, locale) });
    return { kind: 'error', text: text + skipped };
  }
  if (batch.completed === 0 && batch.skipped > 0) return { kind: 'info', text: t(up ? 'transfers.batch.uploadAllSkipped' : 'transfers.batch.downloadAllSkipped', { count: batch.skipped, formatted: formatCount(batch.skipped, locale) }) };
  if (batch.completed === 0) return { kind: 'info', text: t(up ? 'transfers.batch.uploadCancelled' : 'transfers.batch.downloadCancelled') };
  return { kind: 'success', text: t(up ? 'transfers.batch.uploaded' : 'transfers.batch.downloaded', { count: batch.completed, formatted: formatCount(batch.completed, locale) }) + skipped };
}
