/**
 * Storage used, in the details panel when nothing is selected: this package,
 * its bucket and the whole connection, as counts, sizes and bars (plain SVG).
 * Main counts them in the background (cached until the objects change).
 */
import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { EventPayload } from '@shared/contract/events';
import { ErrorText } from '../../components/ErrorText';
import { apiKey, useApiQuery, useEvent } from '../../lib/api';
import { formatBytes, formatCount } from '../../lib/format';
import type { ContentLocation } from '../browser/location';
import { usageBars, type UsageLevel } from './usage-bars';
import './sizes.css';

const LABEL: Record<UsageLevel, string> = { root: 'folderSizes.usagePackage', parent: 'folderSizes.usageBucket', connection: 'folderSizes.usageConnection' };

export function UsageTotalsChart({ location }: { location: ContentLocation }) {
  const { t, i18n } = useTranslation();
  const input = { connectionId: location.connectionId, root: location.root };
  const usage = useApiQuery('sizes.usage', input);
  const queryClient = useQueryClient();
  useEvent(
    'storage.changed',
    useCallback(
      (event: EventPayload<'storage.changed'>) => {
        if (event.connectionId === location.connectionId) void queryClient.invalidateQueries({ queryKey: apiKey('sizes.usage', { connectionId: location.connectionId, root: location.root }) });
      },
      [queryClient, location.connectionId, location.root],
    ),
  );
  const locale = i18n.language;
  return (
    <section className="usage-totals" aria-label={t('folderSizes.usageTitle')} data-testid="usage-totals">
      <h4>{t('folderSizes.usageTitle')}</h4>
      {usage.isPending && <span className="field-hint">{t('common.loading')}</span>}
      <ErrorText error={usage.error} />
      {usage.data &&
        usageBars(usage.data).map((bar) => (
          <div key={bar.level} className="usage-row" data-testid={`usage-totals-${bar.level}`} data-objects={bar.objects} data-bytes={bar.bytes}>
            <span>{t(LABEL[bar.level])}</span>
            <svg className="usage-bar" viewBox="0 0 100 10" preserveAspectRatio="none" role="img" aria-label={`${Math.round(bar.share * 100)}%`}>
              <rect className="track" x="0" y="0" width="100" height="10" rx="2" />
              <rect className="fill" x="0" y="0" width={bar.share * 100} height="10" rx="2" />
            </svg>
            <span className="usage-figures">{t('folderSizes.usageFigures', { count: bar.objects, formatted: formatCount(bar.objects, locale), size: formatBytes(bar.bytes, locale) })}</span>
          </div>
        ))}
    </section>
  );
}
