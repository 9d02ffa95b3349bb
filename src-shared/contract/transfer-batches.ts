/**
 * The transfer queue read as batches (one user action: a drop, a folder
 * upload, a download of a selection): each batch's totals over ALL its jobs
 * (not only those in flight), and its jobs one page at a time, failures first.
 */
import { z } from 'zod';
import { operation } from './define';
import { transferJobSchema } from './domain';

export const transferBatchSchema = z.object({
  batchId: z.string(),
  direction: z.enum(['upload', 'download']),
  /** Files (jobs) in the batch, and how many of them are in each state. */
  files: z.number().int(),
  queued: z.number().int(),
  running: z.number().int(),
  paused: z.number().int(),
  /** Waiting for the user's answer about a destination that exists. */
  waiting: z.number().int(),
  /** Transferred (skipped files are not counted here). */
  completed: z.number().int(),
  /** Left out because the destination existed and the answer was "skip". */
  skipped: z.number().int(),
  failed: z.number().int(),
  cancelled: z.number().int(),
  /** Bytes of the batch's files (skipped ones left out: they move nothing), and how many of them have moved. */
  bytesTotal: z.number(),
  bytesDone: z.number(),
  /** Bytes per second of the batch's running jobs now; seconds left at that speed (null when nothing moves). */
  speed: z.number(),
  etaSeconds: z.number().nullable(),
  /** The folder all the batch's files go to (uploads: in the package, '' for its top; downloads: on this machine), for a title. */
  folder: z.string(),
  /** The name of one of its jobs: a one-file batch is called by it. */
  firstName: z.string(),
  /** Queued by a sync task. */
  sync: z.boolean(),
  createdAt: z.number(),
});
export type TransferBatch = z.infer<typeof transferBatchSchema>;

/** Batches are listed failures first, then the unfinished ones, then the finished, each newest first. */
export const transferBatchOperations = {
  'transfers.batches': operation(
    z.object({ offset: z.number().int().min(0), limit: z.number().int().min(1).max(500) }).strict(),
    z.object({ batches: z.array(transferBatchSchema), total: z.number().int() }),
  ),
  /** A page of one batch's jobs: failed ones first, then the rest in queue order. */
  'transfers.batchJobs': operation(
    z.object({ batchId: z.string().min(1).max(100), offset: z.number().int().min(0), limit: z.number().int().min(1).max(1000) }).strict(),
    z.object({ jobs: z.array(transferJobSchema), total: z.number().int() }),
  ),
  /** One command for every job of a batch it applies to (retry: the failed and cancelled ones). */
  'transfers.batchControl': operation(
    z.object({ batchId: z.string().min(1).max(100), action: z.enum(['pause', 'resume', 'cancel', 'retry']) }).strict(),
    z.object({ affected: z.number().int() }),
  ),
};
