/**
 * §4 user spaces, plus our list, listPath and job routes (specs/user-spaces.md).
 * Answers never carry a secret: `secretAccessKey` is redacted to "".
 */
import {
  createPackageRequest,
  downloadPackageRequest,
  MAX_SPACE_LIST_ENTRIES,
  userSpaceCreateRequest,
  userSpaceDeleteRequest,
  userSpaceTestRequest,
  userSpaceUpdateRequest,
  type SpaceCredential,
} from '@shared/jcs/user-space-wire';
import { badArgument, dataExists, NodeError, operationFailed } from '../../node-error';
import { parseJsonBody } from '../../http/request-input';
import type { NodeServices, Route } from '../../http/route';
import { wirePackage, formatTime } from '../../wire-format';
import { requireValidName } from '../../routes/bucket-routes';
import { asNodeError } from '../space-errors';
import { openSpaceBackend } from '../open-backend';
import { requireSpacePath, requireUsableConfig } from '../space-config';
import { wireUserSpace, type UserSpaceRecord } from '../space-catalog';
import { wireJob, type JobRow } from '../jobs/job-store';

/** How long `test` may take in all (the spec page: "with a time limit"). */
export const SPACE_TEST_TIMEOUT_MS = 20_000;

export const spaceRoutes: Route[] = [
  {
    method: 'POST',
    path: '/userSpace/create',
    body: 'json',
    async handle({ body, node }) {
      const input = parseJsonBody(body, userSpaceCreateRequest);
      requireValidName('name', input.name);
      await requireUsableConfig(input.storage, input.credential, input.workingDir, node.spaces.dataDir);
      return { userSpace: wireUserSpace(node.spaces.spaces.create({ ...input, workingDir: requireSpacePath('workingDir', input.workingDir, { allowRoot: true }) }, node.now())) };
    },
  },
  {
    method: 'POST',
    path: '/userSpace/update',
    body: 'json',
    async handle({ body, node }) {
      const { userSpaceID, name, credential } = parseJsonBody(body, userSpaceUpdateRequest);
      requireValidName('name', name);
      const space = node.spaces.spaces.require(userSpaceID);
      const next = keepStoredSecret(space, credential);
      await requireUsableConfig(space.storage, next, space.workingDir, node.spaces.dataDir);
      return { userSpace: wireUserSpace(node.spaces.spaces.update(userSpaceID, name, next)) };
    },
  },
  {
    method: 'POST',
    path: '/userSpace/delete',
    body: 'json',
    handle({ body, node }) {
      node.spaces.spaces.delete(parseJsonBody(body, userSpaceDeleteRequest).userSpaceID);
      return null;
    },
  },
  {
    method: 'GET',
    path: '/userSpace/get',
    body: 'none',
    handle({ query, node }) {
      return { userSpace: wireUserSpace(node.spaces.spaces.require(query.requiredId('userSpaceID'))) };
    },
  },
  {
    method: 'GET',
    path: '/userSpace/list',
    body: 'none',
    handle({ node }) {
      return { userSpaces: node.spaces.spaces.list().map(wireUserSpace) };
    },
  },
  {
    method: 'POST',
    path: '/userSpace/test',
    body: 'json',
    async handle({ body, node }) {
      const { storage, credential, workingDir } = parseJsonBody(body, userSpaceTestRequest);
      await requireUsableConfig(storage, credential, workingDir, node.spaces.dataDir);
      const backend = await openSpaceBackend(storage, credential).catch((error: unknown) => {
        throw asNodeError(error);
      });
      try {
        await backend.probe(requireSpacePath('workingDir', workingDir, { allowRoot: true }), AbortSignal.timeout(SPACE_TEST_TIMEOUT_MS));
      } catch (error) {
        const failure = asNodeError(error);
        // Only a malformed config is BadArgument; whatever the storage said is OperationFailed (spec page).
        throw failure.code === 'BadArgument' && !(error instanceof NodeError) ? failure : operationFailed(failure.message);
      } finally {
        backend.close();
      }
      return null;
    },
  },
  {
    method: 'GET',
    path: '/userSpace/listPath',
    body: 'none',
    async handle({ query, node }) {
      const space = node.spaces.spaces.require(query.requiredId('userSpaceID'));
      const path = requireSpacePath('path', query.string('path') ?? '', { allowRoot: true });
      const backend = await node.spaces.openBackend(space).catch((error: unknown) => {
        throw asNodeError(error);
      });
      try {
        const level = await backend.listLevel(path, MAX_SPACE_LIST_ENTRIES, AbortSignal.timeout(SPACE_TEST_TIMEOUT_MS));
        return {
          entries: level.entries.map((e) => ({ path: e.path, isFolder: e.isFolder, size: String(e.size), modTime: e.modTime === undefined ? '' : formatTime(e.modTime) })),
          truncated: level.truncated,
        };
      } catch (error) {
        throw asNodeError(error);
      } finally {
        backend.close();
      }
    },
  },
  {
    method: 'POST',
    path: '/userSpace/createPackage',
    body: 'json',
    async handle({ body, node }) {
      const input = parseJsonBody(body, createPackageRequest);
      const space = node.spaces.spaces.require(input.userSpaceID);
      const path = requireSpacePath('path', input.path, { allowRoot: true });
      requireValidName('name', input.name);
      const bucket = node.catalog.requireBucket(input.bucketID);
      if (node.catalog.packageInBucket(input.bucketID, input.name)) throw dataExists(`package '${input.name}' already exists in bucket '${bucket.name}'`);
      const affinity = input.spaceAffinity ? node.spaces.spaces.require(input.spaceAffinity).userSpaceID : null;
      const job = node.spaces.jobs.create('createPackage', space.userSpaceID, path, { bucketID: input.bucketID, name: input.name, spaceAffinity: affinity }, node.now());
      return answerJob(node, job, input.async ?? false, (done) => ({ package: wirePackage(node.catalog.requirePackage(done.package_id!)) }));
    },
  },
  {
    method: 'POST',
    path: '/userSpace/downloadPackage',
    body: 'json',
    async handle({ body, node }) {
      const input = parseJsonBody(body, downloadPackageRequest);
      const space = node.spaces.spaces.require(input.userSpaceID);
      const rootPath = requireSpacePath('rootPath', input.rootPath, { allowRoot: true });
      node.catalog.requirePackage(input.packageID);
      const job = node.spaces.jobs.create('downloadPackage', space.userSpaceID, rootPath, { packageID: input.packageID }, node.now());
      return answerJob(node, job, input.async ?? false, () => null);
    },
  },
  {
    method: 'GET',
    path: '/userSpace/getJob',
    body: 'none',
    handle({ query, node }) {
      return { job: wireJob(node.spaces.jobs.require(query.requiredId('jobID'))) };
    },
  },
  {
    method: 'GET',
    path: '/userSpace/listJobs',
    body: 'none',
    handle({ node }) {
      return { jobs: node.spaces.jobs.recent(100).map(wireJob) };
    },
  },
];

/**
 * Starts the job; with `async` answers `{job}` at once, else when it ends (the
 * seed's behaviour): its result, or its failure as the route's own. A caller
 * that goes away does not stop the job.
 */
async function answerJob(node: NodeServices, job: JobRow, async: boolean, result: (done: JobRow) => unknown): Promise<unknown> {
  const finished = node.spaces.runner.run(job);
  if (async) return { job: wireJob(node.spaces.jobs.require(job.job_id)) };
  const done = await finished;
  if (done.state === 'failed') {
    const code = (done.error_code ?? 'OperationFailed') as NodeError['code'];
    throw new NodeError(code, done.error_message ?? 'the job failed', code === 'BadArgument' ? 400 : 200);
  }
  if (done.state === 'running') throw operationFailed(`job ${done.job_id} was interrupted by the node stopping; it resumes when the node starts again`);
  return result(done);
}

/**
 * An update whose credential repeats the stored type and access key with an
 * empty secret keeps the stored secret: answers redact it to "", so a client
 * that sends back what it read (to rename a space) must not erase it.
 */
function keepStoredSecret(space: UserSpaceRecord, credential: SpaceCredential | null): SpaceCredential | null {
  if (!credential || credential.type === 'Local' || credential.secretAccessKey !== '') return credential;
  const stored = space.credential;
  if (stored && stored.type !== 'Local' && stored.type === credential.type && stored.accessKeyId === credential.accessKeyId) {
    return { ...credential, secretAccessKey: stored.secretAccessKey };
  }
  throw badArgument('credential.secretAccessKey: required (an empty secret keeps the stored one only with the same type and accessKeyId)');
}
