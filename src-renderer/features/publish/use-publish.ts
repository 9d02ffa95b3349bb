/**
 * The publish data the browser and the Crust page share: badges of a root
 * (by path), starting a publish, and the job controls, each telling its
 * outcome in a toast (errors with their code's words).
 */
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { ObjectTarget } from '@shared/contract/domain';
import type { PublishBadge } from '@shared/contract/publish';
import { useToasts } from '../../components/toasts';
import { useApiQuery, useTransport } from '../../lib/api';
import { formatCount } from '../../lib/format';
import type { PublishAction } from './order-display';

const NO_BADGES: ReadonlyMap<string, PublishBadge> = new Map();

/** The newest publish of each path in the root (an object's path, a folder's prefix), refetched on `publish.changed`. */
export function usePublishBadges(connectionId: string, root: string | null): ReadonlyMap<string, PublishBadge> {
  const query = useApiQuery('publish.badges', { connectionId, root: root ?? '' }, { enabled: root !== null });
  const data = query.data;
  return useMemo(() => (data ? new Map(data.map((badge) => [badge.path, badge])) : NO_BADGES), [data]);
}

/** Every publish query refetches after a change (the event names none). */
export function invalidatePublish(client: ReturnType<typeof useQueryClient>): void {
  for (const name of ['publish.list', 'publish.badges', 'publish.get']) void client.invalidateQueries({ queryKey: [name] });
}

export interface PublishRequest {
  connectionId: string;
  root: string;
  targets: ObjectTarget[];
  /** The first item's name, for the toast. */
  name: string;
}

/** Starts one publish job per target; the toast says so, or why not. */
export function usePublishStart(): (request: PublishRequest) => Promise<void> {
  const transport = useTransport();
  const client = useQueryClient();
  const { t, i18n } = useTranslation();
  const show = useToasts((s) => s.show);
  return useCallback(
    async ({ connectionId, root, targets, name }) => {
      try {
        const { jobs } = await transport.call('publish.start', { connectionId, root, targets });
        show('success', t('publish.started', { count: jobs.length, name, formatted: formatCount(jobs.length, i18n.language) }));
        invalidatePublish(client);
      } catch (error) {
        show('error', (words) => `${words.t('publish.failed', { message: words.describe(error) })}${explanation(words.t, error)}`);
      }
    },
    [transport, client, t, i18n, show],
  );
}

/** Re-check, renew, retry, cancel or remove jobs; says how many it affected. */
export function usePublishControl(): (action: PublishAction, ids: readonly string[]) => Promise<number> {
  const transport = useTransport();
  const client = useQueryClient();
  const { t } = useTranslation();
  const show = useToasts((s) => s.show);
  return useCallback(
    async (action, ids) => {
      if (ids.length === 0) return 0;
      try {
        const { affected } = await transport.call('publish.control', { action, ids: [...ids] });
        show('info', t('publish.done', { action: t(`publish.action_.${action}`), count: affected }));
        invalidatePublish(client);
        return affected;
      } catch (error) {
        show('error', (words) => `${words.describe(error)}${explanation(words.t, error)}`);
        return 0;
      }
    },
    [transport, client, t, show],
  );
}

/** " — what the code means", for an AppError whose code has words (toasts have no tooltip). */
function explanation(t: ReturnType<typeof useTranslation>['t'], error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return '';
  const words = t(`errors.explain.${code}`, { defaultValue: '' });
  return words ? ` — ${words}` : '';
}
