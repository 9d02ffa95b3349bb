/** A folder's size, counted by the service only when asked (it walks every object under the prefix). */
import { useTranslation } from 'react-i18next';
import { ErrorText } from '../../components/ErrorText';
import { useApiMutation } from '../../lib/api';
import { formatBytes, formatCount, formatExactBytes } from '../../lib/format';
import type { ContentLocation } from './location';

export function FolderSize({ location, prefix }: { location: ContentLocation; prefix: string }) {
  const { t, i18n } = useTranslation();
  const summarize = useApiMutation('objects.summarize');
  const locale = i18n.language;
  return (
    <div className="details-folder-size">
      {summarize.data ? (
        <p data-testid="details-summary">
          {t('browser.details.folderSummary', { count: summarize.data.objects, formatted: formatCount(summarize.data.objects, locale), size: formatBytes(summarize.data.bytes, locale) })}
          <br />
          <span className="field-hint">{formatExactBytes(summarize.data.bytes, locale)}</span>
        </p>
      ) : (
        <button
          type="button"
          className="button"
          disabled={summarize.isPending}
          data-testid="calculate-size"
          onClick={() => summarize.mutate({ connectionId: location.connectionId, root: location.root, targets: [{ type: 'folder', prefix }] })}
        >
          {summarize.isPending ? t('browser.details.calculating') : t('browser.details.calculateSize')}
        </button>
      )}
      <ErrorText error={summarize.error} />
    </div>
  );
}
