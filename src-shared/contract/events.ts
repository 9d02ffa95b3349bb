/** Every event main pushes to the renderer: name → payload schema. */
import { z } from 'zod';
import { sizeEvents } from './sizes';
import { nodeStatusSchema, operationProgressSchema, settingsSchema, storageChangeSchema, transferTotalsSchema, transferUpdateSchema } from './domain';

/** Commands from the desktop app's menu to the UI. */
export const appCommandSchema = z.object({ command: z.enum(['openSettings', 'refresh', 'toggleDetails', 'goBack', 'goForward']) });

export const events = {
  'app.command': appCommandSchema,
  'connections.changed': z.object({}),
  'settings.changed': settingsSchema,
  'node.status': nodeStatusSchema,
  'storage.changed': storageChangeSchema,
  'operation.progress': operationProgressSchema,
  /** Merged progress of the transfers that changed since the last snapshot (a few per second at most). */
  'transfers.progress': z.object({ updates: z.array(transferUpdateSchema), totals: transferTotalsSchema }),
  /** Jobs were added, removed or changed state: lists should refetch. */
  'transfers.changed': z.object({}),
  /** A transfer waits for the user: its destination exists and the policy is 'ask'. */
  'transfers.conflict': z.object({ jobId: z.string(), batchId: z.string(), remotePath: z.string(), localPath: z.string(), direction: z.enum(['upload', 'download']) }),
  /** A sync task's status, progress or counts changed. */
  'sync.changed': z.object({ taskId: z.string() }),
  /** Lines were added to a sync task's activity log. */
  'sync.log': z.object({ taskId: z.string() }),
  /** Publish jobs were added, changed state or their order status changed: lists and badges should refetch. */
  'publish.changed': z.object({}),
  /** Every job of a batch has finished (for a notification). */
  'transfers.batchFinished': z.object({
    batchId: z.string(),
    direction: z.enum(['upload', 'download']),
    /** Transferred (skipped files are not counted here). */
    completed: z.number().int(),
    /** Left out: the destination existed and the answer was "skip". */
    skipped: z.number().int(),
    failed: z.number().int(),
    total: z.number().int(),
    /** Queued by a sync task (the sync page reports those; no notification). */
    sync: z.boolean(),
  }),
  ...sizeEvents,
};

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;
export const eventNames = Object.keys(events) as EventName[];

export function isEventName(name: string): name is EventName {
  return Object.prototype.hasOwnProperty.call(events, name);
}
