/** A Test button per endpoint the saved settings use (`publish.test`), each with the message it got. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PublishSettings } from '@shared/contract/publish';
import { useErrorMessage } from '../../components/ErrorText';
import { useTransport } from '../../lib/api';
import { endpointsInUse } from './publish-settings-form';

type Endpoint = ReturnType<typeof endpointsInUse>[number];
type Outcome = { state: 'testing' } | { state: 'done'; ok: boolean; message: string; explanation: string };

export function EndpointTests({ saved, dirty }: { saved: PublishSettings; dirty: boolean }) {
  const { t } = useTranslation();
  const transport = useTransport();
  const describe = useErrorMessage();
  const [outcomes, setOutcomes] = useState<Partial<Record<Endpoint, Outcome>>>({});
  const test = (endpoint: Endpoint) => {
    setOutcomes((o) => ({ ...o, [endpoint]: { state: 'testing' } }));
    transport.call('publish.test', { endpoint }).then(
      (result) => {
        const explanation = result.error ? t(`errors.explain.${result.error.code}`, { defaultValue: '' }) : '';
        setOutcomes((o) => ({ ...o, [endpoint]: { state: 'done', ok: result.ok, message: result.message, explanation } }));
      },
      (error: unknown) => setOutcomes((o) => ({ ...o, [endpoint]: { state: 'done', ok: false, message: describe(error), explanation: '' } })),
    );
  };
  return (
    <ul className="publish-tests" data-testid="publish-tests">
      {endpointsInUse(saved).map((endpoint) => {
        const outcome = outcomes[endpoint];
        return (
          <li key={endpoint} className="publish-test" data-testid={`publish-test-${endpoint}`}>
            <span className="publish-test-name">{t(`publishSettings.endpoint.${endpoint}`)}</span>
            <button type="button" className="button" disabled={dirty || outcome?.state === 'testing'} title={dirty ? t('publishSettings.testFirst') : undefined} onClick={() => test(endpoint)} data-testid={`publish-test-button-${endpoint}`}>
              {outcome?.state === 'testing' ? t('publishSettings.testing') : t('publishSettings.test')}
            </button>
            {outcome?.state === 'done' && (
              <span className={outcome.ok ? 'publish-test-ok' : 'publish-test-failed'} title={outcome.explanation || undefined} data-testid={`publish-test-result-${endpoint}`} data-ok={outcome.ok}>
                {outcome.ok ? t('publishSettings.testOk') : t('publishSettings.testFailed')}: {outcome.message}
              </span>
            )}
          </li>
        );
      })}
    </ul>
  );
}
