/** A publish job's error: the code's title and the core's message, the code's explanation, and the endpoint. */
import { useTranslation } from 'react-i18next';
import type { AppErrorShape } from '@shared/contract/define';
import { jobErrorWords } from './job-error';

export function JobErrorLine({ error, wide }: { error: AppErrorShape; wide?: boolean }) {
  const { t } = useTranslation();
  const words = jobErrorWords(t, error);
  const endpoint = words.endpoint ? t('publish.page.endpoint', { endpoint: words.endpoint }) : '';
  const full = [words.line, words.explanation, endpoint].filter(Boolean).join('\n');
  if (!wide) {
    // One line in a list row: everything in its tooltip.
    return (
      <span className="publish-error" title={full} data-testid="publish-error" data-code={words.code}>
        {[words.line, words.explanation].filter(Boolean).join(' — ')}
      </span>
    );
  }
  return (
    <div className="publish-error-block" role="alert" data-testid="publish-error" data-code={words.code}>
      <p className="publish-error">{words.line}</p>
      {words.explanation && <p className="field-hint">{words.explanation}</p>}
      {endpoint && <p className="field-hint mono">{endpoint}</p>}
    </div>
  );
}
