/**
 * Publish jobs as rows of the app database. A job row is the whole truth of a
 * publish: a restart reads it back and goes on from its state. The order
 * status shown is computed from the row on every read (never stored), so the
 * label rules live in one place (src-shared/publish/order-status.ts).
 */
import { randomUUID } from 'node:crypto';
import type { AppErrorShape } from '@shared/contract/define';
import {
  chainOrderSchema,
  orderLabelSchema,
  type ChainOrder,
  type IpfsNodeKind,
  type OrderLabel,
  type OrderRoute,
  type PublishJob,
  type PublishState,
} from '@shared/contract/publish';
import { orderStatus } from '@shared/publish/order-status';
import { inTransaction, statement, type Db } from '../../common/sqlite';

interface JobRow {
  id: string;
  name: string;
  connection_id: string;
  root: string;
  root_name: string;
  path: string;
  folder: number;
  state: PublishState;
  ipfs_node: IpfsNodeKind;
  order_route: OrderRoute;
  bytes_done: number;
  size: number;
  cid: string | null;
  dag_size: number | null;
  local_only: number;
  attempts: number;
  next_attempt_at: number | null;
  error: string | null;
  requested_at: number;
  finished_at: number | null;
  placed_at: number | null;
  request_id: string | null;
  pin_status: PublishJob['order']['pinStatus'];
  chain: string | null;
  chain_problem: string | null;
  checked_at: number | null;
  registered_study_id: string | null;
}

export interface NewPublishJob {
  name: string;
  /** '' for a file or folder on this machine's disk. */
  connectionId: string;
  root: string;
  rootName: string;
  path: string;
  folder: boolean;
  ipfsNode: IpfsNodeKind;
  orderRoute: OrderRoute;
  localOnly: boolean;
}

/** Columns a step may set; `chain` as the object (null: read, no record; undefined: leave). */
export interface PublishJobChange {
  state?: PublishState;
  bytesDone?: number;
  size?: number;
  cid?: string | null;
  dagSize?: number | null;
  attempts?: number;
  nextAttemptAt?: number | null;
  error?: AppErrorShape | null;
  finishedAt?: number | null;
  placedAt?: number | null;
  requestId?: string | null;
  pinStatus?: PublishJob['order']['pinStatus'];
  chain?: ChainOrder | null;
  /** Clears the chain record read before (a renewed order starts over). */
  chainUnread?: true;
  chainProblem?: string | null;
  checkedAt?: number | null;
  registeredStudyId?: string | null;
  ipfsNode?: IpfsNodeKind;
  orderRoute?: OrderRoute;
  localOnly?: boolean;
}

const COLUMN: Record<Exclude<keyof PublishJobChange, 'chain' | 'chainUnread' | 'error' | 'localOnly'>, string> = {
  state: 'state',
  bytesDone: 'bytes_done',
  size: 'size',
  cid: 'cid',
  dagSize: 'dag_size',
  attempts: 'attempts',
  nextAttemptAt: 'next_attempt_at',
  finishedAt: 'finished_at',
  placedAt: 'placed_at',
  requestId: 'request_id',
  pinStatus: 'pin_status',
  chainProblem: 'chain_problem',
  checkedAt: 'checked_at',
  registeredStudyId: 'registered_study_id',
  ipfsNode: 'ipfs_node',
  orderRoute: 'order_route',
};

export const UNFINISHED_STATES: readonly PublishState[] = ['queued', 'adding', 'ordering', 'recording', 'waiting'];

export class PublishStore {
  private readonly s;

  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {
    this.s = {
      insert: statement<never, [string, string, string, string, string, string, number, string, string, number, number]>(
        db,
        `INSERT INTO publish_jobs (id, name, connection_id, root, root_name, path, folder, state, ipfs_node, order_route, local_only, requested_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?, ?, ?)`,
      ),
      get: statement<JobRow, [string]>(db, 'SELECT * FROM publish_jobs WHERE id = ?'),
      byState: statement<JobRow, []>(db, `SELECT * FROM publish_jobs WHERE state IN ('queued', 'adding', 'ordering', 'recording', 'waiting') ORDER BY seq`),
      done: statement<JobRow, []>(db, `SELECT * FROM publish_jobs WHERE state = 'done' ORDER BY seq`),
      all: statement<JobRow, []>(db, 'SELECT * FROM publish_jobs ORDER BY seq DESC'),
      inRoot: statement<JobRow, [string, string]>(db, 'SELECT * FROM publish_jobs WHERE connection_id = ? AND root = ? ORDER BY seq'),
      remove: statement<never, [string]>(db, 'DELETE FROM publish_jobs WHERE id = ?'),
    };
  }

  add(job: NewPublishJob): string {
    const id = randomUUID();
    this.s.insert.run(id, job.name, job.connectionId, job.root, job.rootName, job.path, job.folder ? 1 : 0, job.ipfsNode, job.orderRoute, job.localOnly ? 1 : 0, this.now());
    return id;
  }

  get(id: string): PublishJob | undefined {
    const row = this.s.get.get(id);
    return row && this.view(row);
  }

  update(id: string, change: PublishJobChange): void {
    const sets: string[] = [];
    const values: Array<string | number | null> = [];
    for (const [key, column] of Object.entries(COLUMN) as Array<[keyof typeof COLUMN, string]>) {
      if (change[key] === undefined) continue;
      sets.push(`${column} = ?`);
      values.push(change[key]);
    }
    if (change.error !== undefined) {
      sets.push('error = ?');
      values.push(change.error === null ? null : JSON.stringify(change.error));
    }
    if (change.localOnly !== undefined) {
      sets.push('local_only = ?');
      values.push(change.localOnly ? 1 : 0);
    }
    if (change.chain !== undefined || change.chainUnread) {
      sets.push('chain = ?');
      values.push(change.chainUnread ? null : JSON.stringify(change.chain));
    }
    if (sets.length === 0) return;
    this.db.prepare(`UPDATE publish_jobs SET ${sets.join(', ')} WHERE id = ?`).run(...values, id);
  }

  remove(ids: readonly string[]): number {
    let removed = 0;
    inTransaction(this.db, () => {
      for (const id of ids) removed += Number(this.s.remove.run(id).changes);
    });
    return removed;
  }

  /** Jobs still to run, oldest first. */
  unfinished(): PublishJob[] {
    return this.s.byState.all().map((row) => this.view(row));
  }

  /** Finished publishes whose order status may still change. */
  finished(): PublishJob[] {
    return this.s.done.all().map((row) => this.view(row));
  }

  /** Newest first, filtered by label and by a name or CID substring, with the count per label (of the query's matches). */
  list(options: { offset: number; limit: number; labels?: readonly OrderLabel[]; query?: string }): { jobs: PublishJob[]; total: number; counts: Record<OrderLabel, number> } {
    const query = options.query?.trim().toLowerCase() ?? '';
    const counts = Object.fromEntries(orderLabelSchema.options.map((label) => [label, 0])) as Record<OrderLabel, number>;
    const matching: PublishJob[] = [];
    // Labels are computed (they depend on the clock), so the filter runs here; a few thousand orders is cheap.
    for (const row of this.s.all.iterate()) {
      if (query && !row.name.toLowerCase().includes(query) && !(row.cid ?? '').toLowerCase().includes(query)) continue;
      const job = this.view(row);
      counts[job.status.label]++;
      if (!options.labels || options.labels.length === 0 || options.labels.includes(job.status.label)) matching.push(job);
    }
    return { jobs: matching.slice(options.offset, options.offset + options.limit), total: matching.length, counts };
  }

  /** The newest job of each path in a root. */
  newestInRoot(connectionId: string, root: string): PublishJob[] {
    const byPath = new Map<string, JobRow>();
    for (const row of this.s.inRoot.iterate(connectionId, root)) byPath.set(row.path, row);
    return [...byPath.values()].map((row) => this.view(row));
  }

  private view(row: JobRow): PublishJob {
    const chain = parseChain(row.chain);
    const error = row.error ? (JSON.parse(row.error) as AppErrorShape) : null;
    const job: Omit<PublishJob, 'status'> = {
      id: row.id,
      name: row.name,
      source: { local: row.connection_id === '', connectionId: row.connection_id, root: row.root, path: row.path, folder: row.folder === 1, rootName: row.root_name },
      state: row.state,
      ipfsNode: row.ipfs_node,
      orderRoute: row.order_route,
      bytesDone: row.bytes_done,
      size: row.size,
      cid: row.cid,
      dagSize: row.dag_size,
      localOnly: row.local_only === 1,
      attempts: row.attempts,
      nextAttemptAt: row.next_attempt_at,
      error,
      requestedAt: row.requested_at,
      finishedAt: row.finished_at,
      order: { placedAt: row.placed_at, requestId: row.request_id, pinStatus: row.pin_status, chain: chain ?? null, chainProblem: row.chain_problem, checkedAt: row.checked_at },
      registeredStudyId: row.registered_study_id,
    };
    const status = orderStatus({
      state: row.state,
      orderRoute: row.order_route,
      placedAt: row.placed_at,
      pinStatus: row.pin_status,
      chain,
      chainProblem: row.chain_problem,
      failure: error?.message ?? null,
      now: this.now(),
    });
    return { ...job, status };
  }
}

/** undefined: never read; null: read, no record. A row that does not parse counts as never read. */
function parseChain(text: string | null): ChainOrder | null | undefined {
  if (text === null) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    if (value === null) return null;
    const parsed = chainOrderSchema.safeParse(value);
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
