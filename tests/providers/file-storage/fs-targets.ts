/**
 * Where the File Storage client tests run: always against the fixture server
 * on loopback, and also against a real server when `FILE_STORAGE_URL` (and
 * `FILE_STORAGE_TOKEN` if it needs one) are set. Each target starts behind a
 * CountingProxy, so tests can count requests and bytes on any server, and
 * cut an answer mid-way where the server cannot be told to.
 */
import { FileStorageProvider } from '../../../src-main/providers/file-storage/fs-provider';
import type { RouteForm } from '../../../src-main/providers/file-storage/fs-client';
import { startFileStorageServer, type FileStorageServer, type FileStorageServerOptions } from '../../fixtures/file-storage';
import { CountingProxy } from '../../helpers/counting-proxy';
import { makeTempDir } from '../../helpers/temp-dir';

export interface TargetSpec {
  label: string;
  /** null: this target is skipped, with the reason. */
  skip: string | null;
  start(): Promise<Target>;
}

export interface Target {
  url: string;
  token?: string;
  /** The fixture when the target is one (fixture-only checks use it). */
  fixture: FileStorageServer | null;
  /** Counts requests and bytes on the way (null for an https server: the proxy speaks plain http only). */
  proxy: CountingProxy | null;
  cacheDir: string;
  provider(options?: { routes?: RouteForm; cache?: boolean; cacheMaxBytes?: number }): FileStorageProvider;
  stop(): Promise<void>;
}

async function wrap(url: string, token: string | undefined, fixture: FileStorageServer | null): Promise<Target> {
  const proxy = url.startsWith('http:') ? await CountingProxy.start(url) : null;
  const cache = await makeTempDir('fs-client-cache');
  const made: FileStorageProvider[] = [];
  let caches = 0;
  return {
    url,
    token,
    fixture,
    proxy,
    cacheDir: cache.path,
    provider({ routes = 'rpc', cache: withCache = true, cacheMaxBytes } = {}) {
      const provider = new FileStorageProvider({ baseUrl: proxy?.url ?? url, token, routes, cacheDir: withCache ? `${cache.path}/c${++caches}` : null, cacheMaxBytes });
      made.push(provider);
      return provider;
    },
    async stop() {
      for (const provider of made) provider.close();
      await proxy?.close();
      await fixture?.close();
      await cache.remove();
    },
  };
}

export function fixtureTarget(options: FileStorageServerOptions = {}, label = 'fixture'): TargetSpec {
  return {
    label,
    skip: null,
    async start() {
      const fixture = await startFileStorageServer(options);
      return wrap(fixture.url, options.token, fixture);
    },
  };
}

export function realTarget(): TargetSpec {
  const url = process.env.FILE_STORAGE_URL;
  return {
    label: `real server ${url ?? ''}`.trim(),
    skip: url ? null : 'set FILE_STORAGE_URL (and FILE_STORAGE_TOKEN if the server needs one) to run these tests against a real File Storage server',
    start: () => wrap(url!.replace(/\/+$/, ''), process.env.FILE_STORAGE_TOKEN || undefined, null),
  };
}
