/**
 * Publishing as the handlers see it: start publishes of a selection, list and
 * control the jobs, the browser's badges, the registry's records, and a check
 * of each configured endpoint.
 */
import { lstat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, isAbsolute, resolve } from 'node:path';
import { AppError, AppErrorCode } from '@shared/contract/define';
import type { ObjectTarget } from '@shared/contract/domain';
import type { OrderLabel, PublishBadge, PublishJob, RegistryRecord } from '@shared/contract/publish';
import type { ConnectionService } from '../connections/connection-service';
import type { EventBus } from '../events/event-bus';
import type { OrderChecker } from './order-checker';
import type { PublishEndpoints } from './publish-endpoints';
import { publishFailure } from './publish-errors';
import type { PublishRunner } from './publish-runner';
import type { PublishSettingsService } from './publish-settings-service';
import type { PublishStore } from './publish-store';

export type PublishEndpointName = 'ipfsNode' | 'pinningService' | 'seedGateway' | 'chain' | 'registry';

export class PublishService {
  constructor(
    private readonly store: PublishStore,
    private readonly runner: PublishRunner,
    private readonly checker: OrderChecker,
    private readonly settings: PublishSettingsService,
    private readonly endpoints: PublishEndpoints,
    private readonly connections: Pick<ConnectionService, 'provider'>,
    private readonly events: EventBus,
  ) {}

  async start(connectionId: string, root: string, targets: readonly ObjectTarget[]): Promise<string[]> {
    const provider = this.connections.provider(connectionId);
    const rootName = (await provider.getRoot(root)).name;
    const settings = this.settings.settings();
    const ids = targets.map((target) => {
      const folder = target.type === 'folder';
      const path = folder ? target.prefix : target.path;
      const name = folder ? (path === '' ? rootName : path.slice(0, -1).split('/').pop()!) : path.split('/').pop()!;
      return this.store.add({ name, connectionId, root, rootName, path, folder, ipfsNode: settings.ipfsNode, orderRoute: settings.orderRoute, localOnly: settings.ipfsNode === 'embedded' });
    });
    this.events.emit('publish.changed', {});
    this.runner.pump();
    return ids;
  }

  /** Publishes files and folders from this machine's disk (the machine running the core). */
  async startLocal(paths: readonly string[]): Promise<string[]> {
    const settings = this.settings.settings();
    const sources: Array<{ path: string; folder: boolean }> = [];
    for (const path of paths) {
      if (!isAbsolute(path)) throw new AppError(AppErrorCode.InvalidInput, `paths: '${path}' is not an absolute path`);
      let stats;
      try {
        stats = await lstat(path);
      } catch {
        throw new AppError(AppErrorCode.NotFound, `${path} does not exist`);
      }
      if (!stats.isFile() && !stats.isDirectory()) throw new AppError(AppErrorCode.InvalidInput, `${path} is neither a file nor a folder`);
      sources.push({ path: resolve(path), folder: stats.isDirectory() });
    }
    const ids = sources.map(({ path, folder }) =>
      this.store.add({ name: basename(path), connectionId: '', root: '', rootName: hostname(), path, folder, ipfsNode: settings.ipfsNode, orderRoute: settings.orderRoute, localOnly: settings.ipfsNode === 'embedded' }),
    );
    this.events.emit('publish.changed', {});
    this.runner.pump();
    return ids;
  }

  list(input: { offset: number; limit: number; labels?: OrderLabel[]; query?: string }): { jobs: PublishJob[]; total: number; counts: Record<OrderLabel, number> } {
    return this.store.list(input);
  }

  get(id: string): PublishJob {
    const job = this.store.get(id);
    if (!job) throw new AppError(AppErrorCode.NotFound, 'the publish job no longer exists (its record was removed)');
    return job;
  }

  badges(connectionId: string, root: string): PublishBadge[] {
    return this.store.newestInRoot(connectionId, root).map((job) => ({ path: job.source.path, jobId: job.id, cid: job.cid, status: job.status }));
  }

  async control(action: 'cancel' | 'retry' | 'recheck' | 'renew' | 'remove', ids: readonly string[]): Promise<number> {
    switch (action) {
      case 'cancel':
        return this.runner.cancel(ids);
      case 'retry':
        return this.runner.retry(ids);
      case 'renew':
        return this.runner.renew(ids);
      case 'recheck':
        return this.checker.check(ids);
      case 'remove': {
        // The record only: what was added to IPFS and ordered stays there. A running job is cancelled first.
        this.runner.cancel(ids.filter((id) => this.runner.isRunning(id)));
        const removed = this.store.remove(ids);
        if (removed) this.events.emit('publish.changed', {});
        return removed;
      }
    }
  }

  async registry(studyId?: string): Promise<RegistryRecord[]> {
    const registry = this.endpoints.registry();
    if (!registry) throw new AppError(AppErrorCode.NotConfigured, 'publishing needs the registry URL: set it in Settings → Publishing', { params: { what: 'the registry URL' } });
    const id = studyId ?? registry.studyId;
    if (!id) throw new AppError(AppErrorCode.InvalidInput, 'a study id is needed to list the registry');
    const records = await registry.client.listByStudyId(id);
    return records.map((r) => ({ id: String(r.id), cid: r.cid, size: r.size, studyId: r.studyId, status: typeof r.status === 'string' ? r.status : JSON.stringify(r.status ?? null) }));
  }

  async test(endpoint: PublishEndpointName): Promise<{ ok: boolean; message: string; error: ReturnType<typeof publishFailure>['shape'] | null }> {
    const signal = AbortSignal.timeout(15_000);
    try {
      const message = await this.probe(endpoint, signal);
      return { ok: true, message, error: null };
    } catch (error) {
      const failure = publishFailure(error);
      return { ok: false, message: failure.shape.message, error: failure.shape };
    }
  }

  private async probe(endpoint: PublishEndpointName, signal: AbortSignal): Promise<string> {
    switch (endpoint) {
      case 'ipfsNode': {
        const kind = this.settings.settings().ipfsNode;
        const { version } = await (await this.endpoints.ipfsNode(kind)).version({ signal });
        return `IPFS node answers (version ${version})`;
      }
      case 'pinningService': {
        const { count } = await (await this.endpoints.pinningService()).list({ limit: 1 }, { signal });
        return `pinning service answers and takes the token (${count} pinned)`;
      }
      case 'seedGateway': {
        // Its one route places an order, so the check is only that the address answers HTTP at all.
        const url = this.endpoints.seedGateway().endpoint;
        try {
          const answer = await fetch(url, { method: 'GET', signal, redirect: 'manual' });
          await answer.body?.cancel();
          return `order gateway answers (HTTP ${answer.status}); orders cannot be checked without placing one`;
        } catch (error) {
          throw new AppError(AppErrorCode.ConnectionFailed, `cannot reach the order gateway at ${url}: ${(error as Error).message}`, { params: { endpoint: url } });
        }
      }
      case 'chain': {
        const chain = this.endpoints.chain();
        if (!chain) throw new AppError(AppErrorCode.NotConfigured, 'no chain endpoint is set', { params: { what: 'the chain RPC URL' } });
        return `chain answers (best block ${await chain.bestBlock()})`;
      }
      case 'registry': {
        const records = await this.registry();
        return `registry answers (${records.length} records)`;
      }
    }
  }
}
