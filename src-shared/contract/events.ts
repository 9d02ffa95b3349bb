/** Every event main pushes to the renderer: name → payload schema. */
import { z } from 'zod';
import { nodeStatusSchema, operationProgressSchema, settingsSchema, storageChangeSchema } from './domain';

/** Commands from the desktop app's menu to the UI. */
export const appCommandSchema = z.object({ command: z.enum(['openSettings', 'refresh', 'toggleDetails', 'goBack', 'goForward']) });

export const events = {
  'app.command': appCommandSchema,
  'connections.changed': z.object({}),
  'settings.changed': settingsSchema,
  'node.status': nodeStatusSchema,
  'storage.changed': storageChangeSchema,
  'operation.progress': operationProgressSchema,
};

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;
export const eventNames = Object.keys(events) as EventName[];

export function isEventName(name: string): name is EventName {
  return Object.prototype.hasOwnProperty.call(events, name);
}
