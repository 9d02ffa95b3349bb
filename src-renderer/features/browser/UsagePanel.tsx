/**
 * How much the service holds (`objects.usage`, where capabilities.usage): for
 * everyone's files and for this account's, the count and size of all files,
 * images, audio and video, each with a bar (plain SVG) of its share.
 */
import { useTranslation } from 'react-i18next';
import { ErrorText } from '../../components/ErrorText';
import { useApiQuery } from '../../lib/api';
import { formatBytes, formatCount } from '../../lib/format';
import { usageScopes } from './usage-chart';

export function UsagePanel({ connectionId }: { connectionId: string }) {
  const { t, i18n } = useTranslation();
  const usage = useApiQuery('objects.usage', { connectionId });
  const locale = i18n.language;
  let body;
  if (usage.isPending) body = <span className="field-hint">{t('common.loading')}</span>;
  else if (usage.isError) body = <ErrorText error={usage.error} />;
  else
    body = usageScopes(usage.data).map(({ scope, bars }) => (
      <section key={scope} className="usage-scope" data-testid={`usage-${scope}`}>
        <h4>{t(`fileService.usage.scope.${scope}`)}</h4>
        {bars.map((bar) => (
          <div key={bar.type} className="usage-row" data-testid={`usage-${scope}-${bar.type}`} data-count={bar.count} data-bytes={bar.bytes}>
            <span>{t(`fileService.usage.type.${bar.type}`)}</span>
            <svg className="usage-bar" viewBox="0 0 100 10" preserveAspectRatio="none" role="img" aria-label={t('fileService.usage.share', { percent: Math.round(bar.share * 100) })}>
              <rect className="track" x="0" y="0" width="100" height="10" rx="2" />
              <rect className="fill" x="0" y="0" width={bar.share * 100} height="10" rx="2" />
            </svg>
            <span className="usage-figures">{t('fileService.usage.figures', { count: bar.count, formatted: formatCount(bar.count, locale), size: formatBytes(bar.bytes, locale) })}</span>
          </div>
        ))}
      </section>
    ));
  return (
    <div className="usage-panel" role="region" aria-label={t('fileService.usage.title')} data-testid="usage-panel">
      {body}
    </div>
  );
}
