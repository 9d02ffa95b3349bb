/**
 * User spaces and space sync tasks of a connection, through its provider's
 * optional `userSpaces` feature (connections whose capabilities have it: the
 * embedded node and JCS-pub services). What the service lists is gated here
 * (a folder listing's entries must be children of the folder asked for), and
 * imports and exports come back as jobs whichever way the service answers:
 * its own job at once, or, from a service without jobs, work this app waits
 * on (app-tracked-jobs.ts).
 */
import { AppError, AppErrorCode } from '@shared/contract/define';
import type { SpaceConfig, SpaceFolder, SpaceJobView, SpaceTaskView, SpaceView } from '@shared/contract/spaces';
import { remotePathProblem } from '@shared/paths/remote-path';
import type { SpaceCredentialChange, SpaceTaskDraft, SpaceWorkStart, UserSpaces } from '../../providers/user-spaces';
import type { ConnectionService } from '../connections/connection-service';
import { AppTrackedJobs, type SpaceWorkSubject } from './app-tracked-jobs';

/**
 * How long an import or export request may take to answer before this app
 * takes it for work the service does before answering (no job extension).
 * A service with jobs answers in milliseconds; one that did the work quickly
 * is reported done.
 */
export const DIRECT_ANSWER_WAIT_MS = 5000;

/** Every method reports failure by rejecting (a missing feature too), as providers do. */
export class SpacesService {
  readonly appJobs = new AppTrackedJobs();

  constructor(
    private readonly connections: Pick<ConnectionService, 'provider'>,
    private readonly directAnswerWaitMs = DIRECT_ANSWER_WAIT_MS,
  ) {}

  private spaces(connectionId: string): UserSpaces {
    const provider = this.connections.provider(connectionId);
    if (!provider.capabilities.userSpaces || !provider.userSpaces) throw new AppError(AppErrorCode.Unsupported, 'this connection has no user spaces (JCS-pub services have them)');
    return provider.userSpaces;
  }

  async list(connectionId: string): Promise<SpaceView[]> {
    return this.spaces(connectionId).list();
  }

  async create(connectionId: string, name: string, config: SpaceConfig, workingDir: string): Promise<SpaceView> {
    return this.spaces(connectionId).create(name, config, workingDir);
  }

  async update(connectionId: string, id: number, name: string, credential: SpaceCredentialChange): Promise<SpaceView> {
    return this.spaces(connectionId).update(id, name, credential);
  }

  async delete(connectionId: string, id: number): Promise<void> {
    return this.spaces(connectionId).delete(id);
  }

  async test(connectionId: string, config: SpaceConfig, workingDir: string): Promise<{ latencyMs: number }> {
    const spaces = this.spaces(connectionId);
    const started = performance.now();
    await spaces.test(config, workingDir);
    return { latencyMs: Math.round(performance.now() - started) };
  }

  /** One level of a space's folder; entries the service names outside it (or unsafely) are skipped and counted. */
  async browse(connectionId: string, id: number, path: string): Promise<SpaceFolder> {
    const folder = await this.spaces(connectionId).listPath(id, path);
    return { path, ...childrenOf(path, folder.entries), truncated: folder.truncated };
  }

  async import(connectionId: string, spaceId: number, path: string, bucketRoot: string, name: string): Promise<SpaceJobView> {
    const subject: SpaceWorkSubject = { kind: 'import', spaceId, path, bucketRoot, packageRoot: null, name };
    return this.start(connectionId, subject, (spaces) => spaces.importPath(spaceId, path, bucketRoot, name));
  }

  async export(connectionId: string, spaceId: number, packageRoot: string, rootPath: string): Promise<SpaceJobView> {
    const subject: SpaceWorkSubject = { kind: 'export', spaceId, path: rootPath, bucketRoot: null, packageRoot, name: null };
    return this.start(connectionId, subject, (spaces) => spaces.exportPackage(spaceId, packageRoot, rootPath));
  }

  /** The service's jobs and the work this app waits on, newest first. */
  async jobs(connectionId: string): Promise<SpaceJobView[]> {
    const service = await this.spaces(connectionId).jobs();
    return [...service, ...this.appJobs.list(connectionId)].sort((a, b) => (a.created < b.created ? 1 : a.created > b.created ? -1 : 0));
  }

  async tasks(connectionId: string): Promise<SpaceTaskView[]> {
    return this.spaces(connectionId).tasks();
  }

  async createTask(connectionId: string, draft: SpaceTaskDraft): Promise<SpaceTaskView> {
    return this.spaces(connectionId).createTask(draft);
  }

  async cancelTask(connectionId: string, id: number): Promise<void> {
    return this.spaces(connectionId).cancelTask(id);
  }

  private async start(connectionId: string, subject: SpaceWorkSubject, begin: (spaces: UserSpaces) => Promise<SpaceWorkStart>): Promise<SpaceJobView> {
    const answer = begin(this.spaces(connectionId));
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<'waiting'>((resolve) => (timer = setTimeout(() => resolve('waiting'), this.directAnswerWaitMs)));
    try {
      const first = await Promise.race([answer, waited]);
      if (first === 'waiting') return this.appJobs.follow(connectionId, subject, answer);
      if (first.kind === 'job') return first.job;
      return this.appJobs.finished(connectionId, subject, first.packageRoot);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** The entries that are direct children of `folder` ('' = the root), named by their last segment; others are counted as rejected. */
export function childrenOf(folder: string, entries: ReadonlyArray<{ path: string; isFolder: boolean; size: number; modified: string | null }>): Pick<SpaceFolder, 'entries' | 'rejected'> {
  const prefix = folder === '' ? '' : `${folder}/`;
  const children: SpaceFolder['entries'] = [];
  let rejected = 0;
  for (const entry of entries) {
    const path = entry.path.replace(/\/$/, '');
    const name = path.startsWith(prefix) ? path.slice(prefix.length) : '';
    if (name === '' || name.includes('/') || remotePathProblem(path)) {
      rejected++;
      continue;
    }
    children.push({ name, path, isFolder: entry.isFolder, size: entry.size, modified: entry.modified });
  }
  return { entries: children, rejected };
}
