/** "Watching the folder", "Every 5 minutes", "By hand". */
import { useTranslation } from 'react-i18next';
import type { SyncTask } from '@shared/contract/sync';
import { intervalParts } from './sync-display';

export function TriggerLabel({ task }: { task: Pick<SyncTask, 'trigger'> }) {
  const { t } = useTranslation();
  const { trigger } = task;
  if (trigger.type === 'Interval') {
    const { count, unit } = intervalParts(trigger.interval);
    return <>{t('sync.trigger.every', { period: t(`sync.units.${unit}`, { count }) })}</>;
  }
  return <>{t(trigger.type === 'Watch' ? 'sync.trigger.watching' : 'sync.trigger.manualShort')}</>;
}
