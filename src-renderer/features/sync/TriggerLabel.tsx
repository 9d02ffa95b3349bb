/** "Watching the folder" (only while it really does), "Not watching the folder", "Every 5 minutes", "By hand". */
import { useTranslation } from 'react-i18next';
import type { SyncTask } from '@shared/contract/sync';
import { intervalParts, triggerLabelKey } from './sync-display';

export function TriggerLabel({ task }: { task: Pick<SyncTask, 'trigger' | 'watching' | 'status'> }) {
  const { t } = useTranslation();
  const { trigger } = task;
  const key = triggerLabelKey(task);
  const text = trigger.type === 'Interval' ? t(key, { period: t(`sync.units.${intervalParts(trigger.interval).unit}`, { count: intervalParts(trigger.interval).count }) }) : t(key);
  return (
    <span data-testid="sync-trigger" data-watching={task.watching ?? 'no'}>
      {text}
    </span>
  );
}
