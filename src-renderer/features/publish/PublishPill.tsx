/** An order's status as a small coloured pill, with what it means (and why, for unknown and failed) as its tooltip. */
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { OrderStatus } from '@shared/contract/publish';
import { labelTone, statusText, statusTooltip } from './order-display';
import './publish.css';

export const PublishPill = memo(function PublishPill({ status, testId = 'publish-badge' }: { status: OrderStatus; testId?: string }) {
  const { t } = useTranslation();
  return (
    <span className={`publish-pill publish-tone-${labelTone(status.label)}`} title={statusTooltip(t, status)} data-testid={testId} data-label={status.label} data-replicas={status.replicas ?? undefined}>
      {statusText(t, status)}
    </span>
  );
});
