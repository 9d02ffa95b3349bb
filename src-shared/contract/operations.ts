/**
 * Every operation the renderer can ask of main: name → input schema → output
 * schema. Handlers in main implement exactly this map (see
 * src-main/core/handlers), the preload exposes one function per name, and the
 * headless server one HTTP route per name.
 */
import { z } from 'zod';
import { noInput, nothing, operation } from './define';
import {
  appInfoSchema,
  bucketSchema,
  connectionDraftSchema,
  connectionIdSchema,
  connectionTestResultSchema,
  connectionTestSchema,
  connectionUpdateSchema,
  connectionViewSchema,
  idSchema,
  objectOpResultSchema,
  objectPageSchema,
  objectSummarySchema,
  objectTargetSchema,
  operationIdSchema,
  packageSchema,
  settingsSchema,
} from './domain';

const onConnection = { connectionId: connectionIdSchema };
const targets = z.array(objectTargetSchema).min(1).max(100_000);

export const operations = {
  'app.info': operation(noInput, appInfoSchema),

  'settings.get': operation(noInput, settingsSchema),
  'settings.update': operation(settingsSchema.partial().strict(), settingsSchema),

  'connections.list': operation(noInput, z.array(connectionViewSchema)),
  'connections.add': operation(connectionDraftSchema, connectionViewSchema),
  'connections.update': operation(connectionUpdateSchema, connectionViewSchema),
  'connections.remove': operation(z.object({ id: connectionIdSchema }).strict(), nothing),
  'connections.test': operation(connectionTestSchema, connectionTestResultSchema),

  'buckets.list': operation(z.object(onConnection).strict(), z.array(bucketSchema)),
  'buckets.create': operation(z.object({ ...onConnection, name: z.string() }).strict(), bucketSchema),
  'buckets.delete': operation(z.object({ ...onConnection, bucketId: idSchema }).strict(), nothing),

  'packages.list': operation(z.object({ ...onConnection, bucketId: idSchema }).strict(), z.array(packageSchema)),
  'packages.create': operation(z.object({ ...onConnection, bucketId: idSchema, name: z.string() }).strict(), packageSchema),
  'packages.delete': operation(z.object({ ...onConnection, packageId: idSchema }).strict(), nothing),

  /** One page of a folder: objects directly in it and its sub-folders. */
  'objects.list': operation(
    z
      .object({
        ...onConnection,
        packageId: idSchema,
        prefix: z.string().max(1024),
        continuationToken: z.string().max(4096).optional(),
        maxKeys: z.number().int().min(1).max(10_000).optional(),
      })
      .strict(),
    objectPageSchema,
  ),
  /** Counts the objects and bytes an operation on these targets would touch (for confirmations). */
  'objects.summarize': operation(z.object({ ...onConnection, packageId: idSchema, targets }).strict(), objectSummarySchema),
  'objects.delete': operation(z.object({ ...onConnection, operationId: operationIdSchema, packageId: idSchema, targets }).strict(), objectOpResultSchema),
  /** Renames one object or one folder (every object under it) within its package. */
  'objects.rename': operation(
    z.object({ ...onConnection, operationId: operationIdSchema, packageId: idSchema, target: objectTargetSchema, newName: z.string() }).strict(),
    objectOpResultSchema,
  ),
  /** Moves or copies objects and folders into a folder of a package (the same or another, on this connection). */
  'objects.transfer': operation(
    z
      .object({
        ...onConnection,
        operationId: operationIdSchema,
        mode: z.enum(['move', 'copy']),
        packageId: idSchema,
        targets,
        targetPackageId: idSchema,
        targetFolder: z.string().max(1024),
      })
      .strict(),
    objectOpResultSchema,
  ),
  'operations.cancel': operation(z.object({ operationId: operationIdSchema }).strict(), nothing),
};

export type Operations = typeof operations;
export type OperationName = keyof Operations;
export type OperationInput<N extends OperationName> = z.input<Operations[N]['input']>;
export type ParsedInput<N extends OperationName> = z.output<Operations[N]['input']>;
export type OperationOutput<N extends OperationName> = z.output<Operations[N]['output']>;
export const operationNames = Object.keys(operations) as OperationName[];

export function isOperationName(name: string): name is OperationName {
  return Object.prototype.hasOwnProperty.call(operations, name);
}
