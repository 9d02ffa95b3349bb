/** The outcome of "Test" in the connection dialog: how many top-level roots (JCS: buckets) answered and how fast, or why it failed. */
import { useTranslation } from 'react-i18next';
import type { OperationOutput } from '@shared/contract/operations';
import { useErrorMessage } from '../../components/ErrorText';
import { Icon } from '../../components/Icon';
import { levelText } from '../storage/root-levels';

export type TestState =
  | { status: 'idle' }
  | { status: 'running' }
  | { status: 'ok'; result: OperationOutput<'connections.test'> }
  | { status: 'failed'; error: unknown };

/** `levelKey`: the key of the kind's top root level, which words the count. */
export function ConnectionTestResult({ state, levelKey }: { state: TestState; levelKey: string }) {
  const { t } = useTranslation();
  const describe = useErrorMessage();
  if (state.status === 'idle') return null;
  if (state.status === 'running') {
    return (
      <p className="connection-test-result" role="status" data-testid="connection-test-result" data-state="running">
        <span className="spinner" aria-hidden />
        {t('connections.form.testing')}
      </p>
    );
  }
  if (state.status === 'ok') {
    return (
      <p className="connection-test-result ok" role="status" data-testid="connection-test-result" data-state="ok">
        <Icon name="check" size={14} />
        {t('connections.form.testResult', { roots: levelText(t, levelKey, 'count', { count: state.result.roots }), ms: state.result.latencyMs })}
      </p>
    );
  }
  return (
    <p className="connection-test-result failed" role="alert" data-testid="connection-test-result" data-state="failed">
      <Icon name="warning" size={14} />
      <span>{describe(state.error)}</span>
    </p>
  );
}
