/**
 * How an order's status and a publish job show: the label's words, colour
 * tone and tooltip, the expiry date, the gateway link, the route, and which
 * buttons a job offers. Pure (i18next's `t` passed in), unit-tested in Node.
 */
import type { TFunction } from 'i18next';
import type { OrderLabel, OrderStatus, PublishJob } from '@shared/contract/publish';

/** The filter chips' order on the Crust page, and the order labels are listed in. */
export const LABEL_ORDER: readonly OrderLabel[] = ['publishing', 'pending', 'stored', 'expired', 'failed', 'ipfsOnly', 'unknown'];

/** The colour a label's pill takes (a CSS class `publish-tone-<tone>` over the theme's variables). */
export type LabelTone = 'progress' | 'waiting' | 'good' | 'bad' | 'neutral';

const TONES: Readonly<Record<OrderLabel, LabelTone>> = {
  publishing: 'progress',
  pending: 'waiting',
  stored: 'good',
  // An expired order no longer pays anyone to keep the content: as alarming as a failure.
  expired: 'bad',
  failed: 'bad',
  ipfsOnly: 'neutral',
  unknown: 'neutral',
};

export function labelTone(label: OrderLabel): LabelTone {
  return TONES[label];
}

/** "Stored · 3 replicas" (the count when it is known), or the label's own word. */
export function statusText(t: TFunction, status: OrderStatus): string {
  if (status.label === 'stored' && status.replicas !== null) return t('publish.label.storedReplicas', { count: status.replicas });
  return t(`publish.label.${status.label}`);
}

/** The pill's tooltip: what the label means, and the reason the core gave (in English, as it came) for unknown and failed ones. */
export function statusTooltip(t: TFunction, status: OrderStatus): string {
  const meaning = t(`publish.labelHint.${status.label}`);
  return status.reason ? `${meaning}\n${t('publish.reason', { reason: status.reason })}` : meaning;
}

/** Where "open in a gateway" points: the prefix with the CID after it ('' when no gateway is set). */
export function gatewayUrl(prefix: string, cid: string): string {
  const trimmed = prefix.trim();
  if (trimmed === '') return '';
  return trimmed.endsWith('/') ? `${trimmed}${cid}` : `${trimmed}/${cid}`;
}

/** "Embedded node · Pinning service". */
export function routeText(t: TFunction, job: Pick<PublishJob, 'ipfsNode' | 'orderRoute'>): string {
  return `${t(`publish.node.${job.ipfsNode}`)} · ${t(`publish.route.${job.orderRoute}`)}`;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * An order's end as a date and how far away it is ("12 Jun 2027 (in 190 days)",
 * "3 Mar 2026 (5 days ago)"); null while the order has no replica yet (no expiry).
 */
export function expiryText(expiresAt: number | null, now: number, locale: string): string | null {
  if (expiresAt === null) return null;
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(expiresAt);
  const relative = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const days = Math.round((expiresAt - now) / DAY_MS);
  const distance = Math.abs(expiresAt - now) < DAY_MS ? relative.format(Math.round((expiresAt - now) / 3_600_000), 'hour') : relative.format(days, 'day');
  return `${date} (${distance})`;
}

export type PublishAction = 'recheck' | 'renew' | 'retry' | 'cancel' | 'remove';

const RUNNING = new Set<PublishJob['state']>(['queued', 'adding', 'ordering', 'recording', 'waiting']);

/** What a job's row offers: stop a running one, retry a failed one, re-check or renew a placed order, forget a finished one. */
export function jobActions(job: Pick<PublishJob, 'state' | 'cid' | 'orderRoute'>): PublishAction[] {
  if (RUNNING.has(job.state)) return job.state === 'waiting' ? ['retry', 'cancel'] : ['cancel'];
  const actions: PublishAction[] = [];
  if (job.state === 'failed' || job.state === 'cancelled') actions.push('retry');
  if (job.state === 'done' && job.cid) {
    actions.push('recheck');
    if (job.orderRoute !== 'none') actions.push('renew');
  }
  actions.push('remove');
  return actions;
}

/** Whether a job is still moving (a progress bar instead of figures). */
export function isRunning(job: Pick<PublishJob, 'state'>): boolean {
  return RUNNING.has(job.state);
}

/** Share of the content sent to the IPFS node, 0–100. */
export function percentSent(job: Pick<PublishJob, 'bytesDone' | 'size'>): number {
  if (job.size <= 0) return 0;
  return Math.min(100, Math.max(0, (job.bytesDone / job.size) * 100));
}

/** The ids among `selected` for which `action` applies (a bulk button acts on these only, and says how many). */
export function idsFor(action: PublishAction, jobs: ReadonlyArray<Pick<PublishJob, 'id' | 'state' | 'cid' | 'orderRoute'>>): string[] {
  return jobs.filter((job) => jobActions(job).includes(action)).map((job) => job.id);
}
