/**
 * The JCS adapter's user spaces (the provider's optional `userSpaces`
 * feature, user-spaces.ts) over the client's §4–§5 calls. Input is checked
 * here before anything is sent; every failure leaves as a provider error; a
 * route the service lacks (HTTP 404: a JCS-pub service without this app's
 * list, listPath and job extensions) is `Unsupported`, naming the route.
 */
import { spacePathProblem, type SpaceConfig, type SpaceJobView, type SpaceTaskView, type SpaceView } from '@shared/contract/spaces';
import { entityNameProblem } from '@shared/jcs/names';
import { invalidInput, ProviderError, ProviderErrorCode } from '../provider-errors';
import type { SpaceCredentialChange, SpaceTaskDraft, SpaceWorkStart, UserSpaces } from '../user-spaces';
import { JcsError, JcsTransportError } from './jcs-errors';
import { toProviderError } from './jcs-error-map';
import { packageRootId, parseRootId, requirePackageRoot } from './jcs-root-ids';
import { jobView, parseJobId, spaceView, taskView, updateCredential, wireConfig, wireTask } from './jcs-space-views';
import type { JcsUserSpaceClient, SpaceJobAnswer } from './jcs-user-space-client';

export class JcsUserSpaces implements UserSpaces {
  constructor(private readonly client: JcsUserSpaceClient) {}

  async list(signal?: AbortSignal): Promise<SpaceView[]> {
    return (await call(() => this.client.list(signal))).map(spaceView);
  }

  async get(id: number, signal?: AbortSignal): Promise<SpaceView> {
    requireId(id, 'id');
    return spaceView(await call(() => this.client.get(id, signal)));
  }

  async create(name: string, config: SpaceConfig, workingDir: string, signal?: AbortSignal): Promise<SpaceView> {
    requireName(name);
    const dir = requireWorkingDir(workingDir);
    const { storage, credential } = wireConfig(config);
    return spaceView(await call(() => this.client.create({ name, storage, credential, shardStore: null, features: [], workingDir: dir }, signal)));
  }

  async update(id: number, name: string, change: SpaceCredentialChange, signal?: AbortSignal): Promise<SpaceView> {
    requireId(id, 'id');
    requireName(name);
    const current = await call(() => this.client.get(id, signal));
    const credential = updateCredential(current, change);
    return spaceView(await call(() => this.client.update({ userSpaceID: id, name, credential }, signal)));
  }

  async delete(id: number, signal?: AbortSignal): Promise<void> {
    requireId(id, 'id');
    await call(() => this.client.delete(id, signal));
  }

  async test(config: SpaceConfig, workingDir: string, signal?: AbortSignal): Promise<void> {
    const dir = requireWorkingDir(workingDir);
    await call(() => this.client.test({ ...wireConfig(config), workingDir: dir }, signal));
  }

  async listPath(id: number, path: string, signal?: AbortSignal) {
    requireId(id, 'id');
    requireSpacePath(path, 'path');
    const folder = await call(() => this.client.listPath(id, path, signal));
    return {
      entries: folder.entries.map((e) => ({ path: e.path, isFolder: e.isFolder, size: e.size, modified: e.modTime === '' ? null : e.modTime })),
      truncated: folder.truncated,
    };
  }

  async importPath(id: number, path: string, bucketRoot: string, name: string, signal?: AbortSignal): Promise<SpaceWorkStart> {
    requireId(id, 'id');
    requireSpacePath(path, 'path');
    requireName(name);
    const bucket = parseRootId(bucketRoot, 'bucketRoot');
    if (bucket.type !== 'bucket') throw invalidInput(`bucketRoot: '${bucketRoot}' is a package; a new package goes into a bucket`);
    return workStart(await call(() => this.client.createPackage({ userSpaceID: id, path, bucketID: bucket.bucketID, name, spaceAffinity: null }, signal)));
  }

  async exportPackage(id: number, packageRoot: string, rootPath: string, signal?: AbortSignal): Promise<SpaceWorkStart> {
    requireId(id, 'id');
    requireSpacePath(rootPath, 'rootPath');
    const packageID = requirePackageRoot(packageRoot, 'packageRoot');
    return workStart(await call(() => this.client.downloadPackage({ userSpaceID: id, packageID, rootPath }, signal)));
  }

  async jobs(signal?: AbortSignal): Promise<SpaceJobView[]> {
    try {
      return (await this.client.listJobs(signal)).map(jobView);
    } catch (error) {
      // A service without jobs did every import and export before it answered: there is nothing to follow.
      if (isMissingRoute(error)) return [];
      throw toProviderError(error);
    }
  }

  async job(jobId: string, signal?: AbortSignal): Promise<SpaceJobView> {
    const jobID = parseJobId(jobId);
    return jobView(await call(() => this.client.getJob(jobID, signal)));
  }

  async tasks(signal?: AbortSignal): Promise<SpaceTaskView[]> {
    return (await call(() => this.client.listTasks(signal))).map(taskView);
  }

  async createTask(draft: SpaceTaskDraft, signal?: AbortSignal): Promise<SpaceTaskView> {
    requireId(draft.srcSpaceId, 'srcSpaceId');
    requireSpacePath(draft.srcPath, 'srcPath');
    draft.destinations.forEach((d, i) => {
      requireId(d.spaceId, `destinations.${i}.spaceId`);
      requireSpacePath(d.path, `destinations.${i}.path`);
    });
    return taskView(await call(() => this.client.createTask(wireTask(draft), signal)));
  }

  async cancelTask(id: number, signal?: AbortSignal): Promise<void> {
    requireId(id, 'id');
    await call(() => this.client.cancelTask(id, signal));
  }
}

function workStart(answer: SpaceJobAnswer): SpaceWorkStart {
  if (answer.kind === 'job') return { kind: 'job', job: jobView(answer.job) };
  return { kind: 'done', packageRoot: answer.package ? packageRootId(answer.package.packageID) : null };
}

/** A route the service does not have: HTTP 404, as a plain page (a JCS-pub service) or in the envelope (our node's "no such route"). */
export function isMissingRoute(error: unknown): boolean {
  return (error instanceof JcsTransportError || error instanceof JcsError) && error.httpStatus === 404;
}

async function call<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isMissingRoute(error)) {
      const route = (error as JcsError | JcsTransportError).route;
      throw new ProviderError(ProviderErrorCode.Unsupported, `this service has no ${route} route (a JCS-pub service without this app's user-space extensions)`, { route, serviceCode: 'HTTP 404' });
    }
    throw toProviderError(error);
  }
}

function requireId(id: number, field: string): void {
  if (!Number.isSafeInteger(id) || id < 1) throw invalidInput(`${field}: ${String(id)} is not an id`);
}

/** Space and package names follow one rule (the node's: one path segment's worth of text). */
function requireName(name: string): void {
  const problem = typeof name === 'string' ? entityNameProblem(name) : 'is not a string';
  if (problem) throw invalidInput(`name: '${String(name)}' ${problem}`);
}

function requireSpacePath(path: string, field: string): void {
  const problem = typeof path === 'string' ? spacePathProblem(path) : 'is not a string';
  if (problem) throw invalidInput(`${field}: '${String(path)}' ${problem}`);
}

/** A working dir as the service stores it: a space path, without the trailing '/' a user may type. */
function requireWorkingDir(workingDir: string): string {
  const dir = typeof workingDir === 'string' ? workingDir.replace(/\/+$/, '') : workingDir;
  requireSpacePath(dir, 'workingDir');
  return dir;
}
