import { useTranslation } from 'react-i18next';
import { AppError } from '@shared/contract/define';

/** "Not found (DataNotFound): object 5 not found" — the code's title, the code, and the service's message. */
export function useErrorMessage(): (error: unknown) => string {
  const { t } = useTranslation();
  return (error: unknown) => {
    if (error instanceof AppError) {
      const title = t(`errors.${error.code}`, { defaultValue: t('common.error') });
      return t('errors.withCode', { title, code: error.code, message: error.message });
    }
    return error instanceof Error ? error.message : String(error);
  };
}

export function ErrorText({ error }: { error: unknown }) {
  const describe = useErrorMessage();
  if (!error) return null;
  return (
    <p className="error-text" role="alert">
      {describe(error)}
    </p>
  );
}
