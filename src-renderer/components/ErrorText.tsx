import { useTranslation } from 'react-i18next';
import { AppError } from '@shared/contract/define';
import { wordCoded } from '../i18n/coded-text';

/**
 * "Not found (DataNotFound): object 5 not found" — the code's title, the code,
 * and the message. Where main sent the params of what went wrong (a path, a
 * path problem), the message is worded here in the user's language
 * (`errors.detail.<code>`); otherwise it is main's or the service's own.
 */
export function useErrorMessage(): (error: unknown) => string {
  const { t, i18n } = useTranslation();
  return (error: unknown) => {
    if (error instanceof AppError) {
      const title = t(`errors.${error.code}`, { defaultValue: t('common.error') });
      const message = (error.params && wordCoded(i18n, `errors.detail.${error.code}`, error.params)) || error.message;
      return t('errors.withCode', { title, code: error.code, message });
    }
    return error instanceof Error ? error.message : String(error);
  };
}

export function ErrorText({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const describe = useErrorMessage();
  if (!error) return null;
  const explain = error instanceof AppError ? t(`errors.explain.${error.code}`, { defaultValue: '' }) : '';
  return (
    <p className="error-text" role="alert" title={explain || undefined}>
      {describe(error)}
    </p>
  );
}
