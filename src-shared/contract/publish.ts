/**
 * Publishing to IPFS and Crust: where content goes (the publish settings, never
 * with a secret's value), the persisted publish jobs, and the order status the
 * UI shows for each. The status label rules live in src-shared/publish/.
 */
import { z } from 'zod';
import { appErrorSchema } from './define';
import { connectionIdSchema } from './domain';
import { rootIdSchema } from './locations';

/** Which IPFS node receives the content: the embedded node's Kubo subset, a Kubo RPC URL, or a Crust W3Auth gateway. */
export const ipfsNodeKindSchema = z.enum(['embedded', 'kubo', 'crust-gateway']);
export type IpfsNodeKind = z.infer<typeof ipfsNodeKindSchema>;
/** How a Crust storage order is placed: not at all, through an IPFS Pinning Service, or the seed's gateway (`/crust/placeOrder`). */
export const orderRouteSchema = z.enum(['none', 'pinning-service', 'seed-gateway']);
export type OrderRoute = z.infer<typeof orderRouteSchema>;
export const kuboAuthKindSchema = z.enum(['none', 'bearer', 'basic']);
/** Names of the publish secrets; a view says which are set, never their values. */
export const publishSecretNameSchema = z.enum(['kuboToken', 'kuboPassword', 'pinningToken', 'mnemonic']);
export type PublishSecretName = z.infer<typeof publishSecretNameSchema>;

const urlOrEmpty = z
  .string()
  .trim()
  .max(2048)
  .refine((value) => value === '' || /^https?:\/\/[^\s/]+/i.test(value) || /^wss?:\/\/[^\s/]+/i.test(value), 'must be an http(s) or ws(s) URL');

export const publishSettingsSchema = z.object({
  ipfsNode: ipfsNodeKindSchema,
  kubo: z.object({ url: urlOrEmpty, auth: kuboAuthKindSchema, username: z.string().max(200) }),
  crustGateway: z.object({ url: urlOrEmpty }),
  orderRoute: orderRouteSchema,
  /** The pinning service; with `useCrustAccount` its token is the Crust account's W3Auth token, else the `pinningToken` secret. */
  pinningService: z.object({ url: urlOrEmpty, useCrustAccount: z.boolean() }),
  seedGateway: z.object({ url: urlOrEmpty }),
  /** Crust chain JSON-RPC (http(s) or ws(s)) for reading orders; '' = not read. */
  chain: z.object({ url: urlOrEmpty }),
  /** The seed's registry (`/api/dicom/add`, `/api/dicom/getByStudyId`); '' = off. */
  registry: z.object({ url: urlOrEmpty, studyId: z.string().trim().max(200) }),
  /** Where "open in a gateway" links point: a URL prefix the CID is appended to. */
  publicGateway: urlOrEmpty,
});
export type PublishSettings = z.infer<typeof publishSettingsSchema>;

export const DEFAULT_PUBLISH_SETTINGS: PublishSettings = {
  ipfsNode: 'embedded',
  kubo: { url: '', auth: 'none', username: '' },
  crustGateway: { url: 'https://gw.crustfiles.app' },
  orderRoute: 'none',
  pinningService: { url: 'https://pin.crustcode.com/psa', useCrustAccount: true },
  seedGateway: { url: '' },
  chain: { url: 'https://rpc.crust.network' },
  registry: { url: '', studyId: '' },
  publicGateway: 'https://ipfs.io/ipfs/',
};

export const publishSettingsViewSchema = publishSettingsSchema.extend({
  /** The Crust account (SS58 address), when one is set. */
  account: z.object({ address: z.string() }).nullable(),
  secretsSet: z.array(publishSecretNameSchema),
  /** False when stored secrets cannot be decrypted here (saved by the desktop app, opened headless). */
  secretsReadable: z.boolean(),
});
export type PublishSettingsView = z.infer<typeof publishSettingsViewSchema>;

/** Secrets typed in the form: '' clears one, absent keeps it. The mnemonic is set through `publish.account.*` only. */
export const publishSettingsUpdateSchema = publishSettingsSchema
  .partial()
  .extend({ secrets: z.object({ kuboToken: z.string().max(4096), kuboPassword: z.string().max(4096), pinningToken: z.string().max(8192) }).partial().strict().optional() })
  .strict();
export type PublishSettingsUpdate = z.infer<typeof publishSettingsUpdateSchema>;

/** What a publish job moves through. `waiting` = an endpoint failed; it tries again at `nextAttemptAt`. */
export const publishStateSchema = z.enum(['queued', 'adding', 'ordering', 'recording', 'waiting', 'done', 'failed', 'cancelled']);
export type PublishState = z.infer<typeof publishStateSchema>;

/** The labels Crust's own apps show, plus ours for "on IPFS, no order asked" and "cannot tell". */
export const orderLabelSchema = z.enum(['publishing', 'pending', 'stored', 'expired', 'failed', 'ipfsOnly', 'unknown']);
export type OrderLabel = z.infer<typeof orderLabelSchema>;

export const orderStatusSchema = z.object({
  label: orderLabelSchema,
  /** Stored: the reported replica count. */
  replicas: z.number().int().nullable(),
  /** Unknown / failed: why, in English (a chain record that could not be read, the PSA's reason). */
  reason: z.string().nullable(),
});
export type OrderStatus = z.infer<typeof orderStatusSchema>;

/** What the chain says of a CID (market.filesV2), as read at `checkedAt`. */
export const chainOrderSchema = z.object({
  fileSize: z.number(),
  reportedReplicaCount: z.number().int(),
  replicas: z.number().int(),
  /** A block number; 0 = no replica yet. */
  expiredAt: z.number().int(),
  bestBlock: z.number().int(),
  /** `expiredAt` as a date (ms), at 6 s per block from `bestBlock`; null while 0. */
  expiresAt: z.number().nullable(),
});
export type ChainOrder = z.infer<typeof chainOrderSchema>;

export const publishSourceSchema = z.object({
  /** A file or folder on the disk of the machine running the core (then `connectionId` and `root` are ''). */
  local: z.boolean(),
  connectionId: connectionIdSchema.or(z.literal('')),
  root: rootIdSchema.or(z.literal('')),
  /** An object's path, or a folder's prefix (ending in '/'; '' = the whole root); local: the absolute path. */
  path: z.string().max(4096),
  folder: z.boolean(),
  /** The root's name (for the Crust page), as it was when published; local: the machine's name. */
  rootName: z.string(),
});

export const publishJobSchema = z.object({
  id: z.string(),
  /** The file's or folder's name. */
  name: z.string(),
  source: publishSourceSchema,
  state: publishStateSchema,
  ipfsNode: ipfsNodeKindSchema,
  orderRoute: orderRouteSchema,
  /** Bytes read and sent to the IPFS node (of `size`). */
  bytesDone: z.number(),
  size: z.number(),
  /** Set once the add finished and its CID equalled ours. */
  cid: z.string().nullable(),
  /** Kubo's "Size": the declared size of the order. */
  dagSize: z.number().nullable(),
  /** The content is only on the embedded node: Crust's nodes cannot fetch it. */
  localOnly: z.boolean(),
  attempts: z.number().int(),
  nextAttemptAt: z.number().nullable(),
  error: appErrorSchema.nullable(),
  requestedAt: z.number(),
  finishedAt: z.number().nullable(),
  order: z.object({
    placedAt: z.number().nullable(),
    /** Pinning service: its request id and last status. */
    requestId: z.string().nullable(),
    pinStatus: z.enum(['queued', 'pinning', 'pinned', 'failed']).nullable(),
    chain: chainOrderSchema.nullable(),
    /** Why the chain record could not be read (malformed data, endpoint down); the label is then unknown unless the PSA tells. */
    chainProblem: z.string().nullable(),
    checkedAt: z.number().nullable(),
  }),
  /** Recorded in the seed's registry (study id), once. */
  registeredStudyId: z.string().nullable(),
  status: orderStatusSchema,
});
export type PublishJob = z.infer<typeof publishJobSchema>;

export const publishListInputSchema = z
  .object({
    offset: z.number().int().min(0),
    limit: z.number().int().min(1).max(2000),
    labels: z.array(orderLabelSchema).max(8).optional(),
    /** Matches a name or a CID (substring, case-insensitive). */
    query: z.string().max(200).optional(),
  })
  .strict();

/** The newest publish of each path in a root: what the browser shows as a badge. */
export const publishBadgeSchema = z.object({ path: z.string(), jobId: z.string(), cid: z.string().nullable(), status: orderStatusSchema });
export type PublishBadge = z.infer<typeof publishBadgeSchema>;

export const registryRecordSchema = z.object({ id: z.string(), cid: z.string(), size: z.number(), studyId: z.string(), status: z.string() });
export type RegistryRecord = z.infer<typeof registryRecordSchema>;

/** A check of one configured endpoint (the Test buttons of the settings). */
export const publishEndpointSchema = z.enum(['ipfsNode', 'pinningService', 'seedGateway', 'chain', 'registry']);
export const publishTestResultSchema = z.object({ ok: z.boolean(), message: z.string(), error: appErrorSchema.nullable() });

/** Crust refuses orders for files of 8 GiB or more. */
export const CRUST_MAX_ORDER_BYTES = 8 * 1024 ** 3;
