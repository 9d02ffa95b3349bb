/**
 * The JCS-pub client API's user spaces (seed 001 §4) and space sync tasks
 * (§5) on the wire, over the same HTTP layer as the rest of the client
 * (signing, keep-alive, envelopes, typed errors), with the schemas of
 * src-shared/jcs/user-space-wire.ts. Requests are checked against those
 * schemas before anything is sent (what the node validates, we validate
 * first); answers are parsed tolerantly (a real service may add fields).
 *
 * Imports and exports can take long. We ask for our extension's `async: true`
 * (the node answers `{job}` at once and the caller polls the job); a service
 * with only the seed's routes ignores the field and answers when the work is
 * done (`{package}` / null), after a silence no idle timeout may cut short.
 */
import { z } from 'zod';
import {
  createPackageRequest,
  downloadPackageRequest,
  nodeJobListResponse,
  nodeJobResponse,
  spaceJobAnswer,
  spaceListPathResponse,
  syncTaskCancelRequest,
  syncTaskCreateRequest,
  syncTaskListResponse,
  syncTaskResponse,
  USER_SPACE_ROUTES,
  userSpaceCreateRequest,
  userSpaceDeleteRequest,
  userSpaceListResponse,
  userSpaceResponse,
  userSpaceTestRequest,
  userSpaceUpdateRequest,
  type NodeJob,
  type SpaceEntry,
  type SyncTask,
  type UserSpace,
} from '@shared/jcs/user-space-wire';
import { describeZodError, type Package } from '@shared/jcs/wire';
import { JcsError, JcsTransportError } from './jcs-errors';
import type { JcsHttp } from './jcs-http';

const nullData = z.unknown();

/**
 * How long an import or export request may stay silent. A service without
 * the `async` extension says nothing until the whole import is done (hours for
 * a big space), so the client's usual 60 s would abandon work that is going
 * well; a day still frees a connection to a service that died without closing it.
 */
export const LONG_CALL_IDLE_MS = 24 * 60 * 60 * 1000;

/** What createPackage/downloadPackage answered: a job to poll (our extension), or the finished work (the seed's answer). */
export type SpaceJobAnswer = { kind: 'job'; job: NodeJob } | { kind: 'done'; package: Package | null };

export class JcsUserSpaceClient {
  constructor(private readonly http: JcsHttp) {}

  // ---- user spaces ----

  /** Every space (our extension: the seed has no list). */
  async list(signal?: AbortSignal): Promise<UserSpace[]> {
    return (await this.http.call({ method: 'GET', route: USER_SPACE_ROUTES.list, signal }, userSpaceListResponse)).userSpaces;
  }

  async get(userSpaceID: number, signal?: AbortSignal): Promise<UserSpace> {
    return (await this.http.call({ method: 'GET', route: USER_SPACE_ROUTES.get, query: { userSpaceID }, signal }, userSpaceResponse)).userSpace;
  }

  async create(request: z.input<typeof userSpaceCreateRequest>, signal?: AbortSignal): Promise<UserSpace> {
    const json = checked(userSpaceCreateRequest, request, USER_SPACE_ROUTES.create);
    return (await this.http.call({ method: 'POST', route: USER_SPACE_ROUTES.create, json, signal }, userSpaceResponse)).userSpace;
  }

  async update(request: z.input<typeof userSpaceUpdateRequest>, signal?: AbortSignal): Promise<UserSpace> {
    const json = checked(userSpaceUpdateRequest, request, USER_SPACE_ROUTES.update);
    return (await this.http.call({ method: 'POST', route: USER_SPACE_ROUTES.update, json, signal }, userSpaceResponse)).userSpace;
  }

  /** Deleting a space that does not exist is OK (the seed says so). */
  async delete(userSpaceID: number, signal?: AbortSignal): Promise<void> {
    const json = checked(userSpaceDeleteRequest, { userSpaceID }, USER_SPACE_ROUTES.delete);
    await this.http.call({ method: 'POST', route: USER_SPACE_ROUTES.delete, json, signal }, nullData);
  }

  /** Resolves when the service could reach and use the storage; otherwise its refusal says what failed. */
  async test(request: z.input<typeof userSpaceTestRequest>, signal?: AbortSignal): Promise<void> {
    const json = checked(userSpaceTestRequest, request, USER_SPACE_ROUTES.test);
    await this.http.call({ method: 'POST', route: USER_SPACE_ROUTES.test, json, signal }, nullData);
  }

  /** One level of a folder of the space ('' = its root), our extension. */
  async listPath(userSpaceID: number, path: string, signal?: AbortSignal): Promise<{ entries: SpaceEntry[]; truncated: boolean }> {
    return this.http.call({ method: 'GET', route: USER_SPACE_ROUTES.listPath, query: { userSpaceID, path }, signal }, spaceListPathResponse);
  }

  /** Imports a file or folder of the space as a new package. */
  async createPackage(request: Omit<z.input<typeof createPackageRequest>, 'async'>, signal?: AbortSignal): Promise<SpaceJobAnswer> {
    const json = checked(createPackageRequest, { ...request, async: true }, USER_SPACE_ROUTES.createPackage);
    const answer = await this.http.call({ method: 'POST', route: USER_SPACE_ROUTES.createPackage, json, signal, idleTimeoutMs: LONG_CALL_IDLE_MS }, spaceJobAnswer);
    return readJobAnswer(answer, USER_SPACE_ROUTES.createPackage);
  }

  /** Writes a package's objects under `rootPath` in the space. */
  async downloadPackage(request: Omit<z.input<typeof downloadPackageRequest>, 'async'>, signal?: AbortSignal): Promise<SpaceJobAnswer> {
    const json = checked(downloadPackageRequest, { ...request, async: true }, USER_SPACE_ROUTES.downloadPackage);
    const answer = await this.http.call({ method: 'POST', route: USER_SPACE_ROUTES.downloadPackage, json, signal, idleTimeoutMs: LONG_CALL_IDLE_MS }, spaceJobAnswer);
    return readJobAnswer(answer, USER_SPACE_ROUTES.downloadPackage);
  }

  async getJob(jobID: number, signal?: AbortSignal): Promise<NodeJob> {
    return (await this.http.call({ method: 'GET', route: USER_SPACE_ROUTES.getJob, query: { jobID }, signal }, nodeJobResponse)).job;
  }

  async listJobs(signal?: AbortSignal): Promise<NodeJob[]> {
    return (await this.http.call({ method: 'GET', route: USER_SPACE_ROUTES.listJobs, signal }, nodeJobListResponse)).jobs;
  }

  // ---- space sync tasks ----

  async createTask(request: z.input<typeof syncTaskCreateRequest>, signal?: AbortSignal): Promise<SyncTask> {
    const json = checked(syncTaskCreateRequest, request, USER_SPACE_ROUTES.createTask);
    return (await this.http.call({ method: 'POST', route: USER_SPACE_ROUTES.createTask, json, signal }, syncTaskResponse)).task;
  }

  async getTask(taskID: number, signal?: AbortSignal): Promise<SyncTask> {
    return (await this.http.call({ method: 'GET', route: USER_SPACE_ROUTES.getTask, query: { taskID }, signal }, syncTaskResponse)).task;
  }

  /** Every task (our extension). */
  async listTasks(signal?: AbortSignal): Promise<SyncTask[]> {
    return (await this.http.call({ method: 'GET', route: USER_SPACE_ROUTES.listTasks, signal }, syncTaskListResponse)).tasks;
  }

  /** Final: a cancelled task never runs again. */
  async cancelTask(taskID: number, signal?: AbortSignal): Promise<void> {
    const json = checked(syncTaskCancelRequest, { taskID }, USER_SPACE_ROUTES.cancelTask);
    await this.http.call({ method: 'POST', route: USER_SPACE_ROUTES.cancelTask, json, signal }, nullData);
  }
}

/**
 * The request as the service will read it, or a BadArgument naming the field
 * before anything is sent. The message comes from the schema's rules, never
 * from the values (a credential's secret is among them).
 */
function checked<S extends z.ZodType>(schema: S, request: unknown, route: string): z.output<S> {
  const parsed = schema.safeParse(request);
  if (!parsed.success) throw new JcsError('BadArgument', describeZodError(parsed.error), 0, route);
  return parsed.data;
}

/** `{job}` with our extension; `{package}` (createPackage) or null (downloadPackage) from a service that did the work before answering. */
export function readJobAnswer(answer: z.output<typeof spaceJobAnswer>, route: string): SpaceJobAnswer {
  if (answer?.job) return { kind: 'job', job: answer.job };
  if (route === USER_SPACE_ROUTES.createPackage && !answer?.package) throw new JcsTransportError(`unexpected answer to ${route}: neither the job nor the package it made`, route, false);
  return { kind: 'done', package: answer?.package ?? null };
}
