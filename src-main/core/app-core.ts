/**
 * The composition root of the plain-Node core, shared by the desktop app and
 * headless mode: opens the app database, starts the embedded storage node and
 * builds the services handlers work over. Nothing here knows about Electron or
 * HTTP; the caller supplies the SecretBox and wires a transport to `call`.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { AppInfo } from '@shared/contract/domain';
import type { Db } from '../common/sqlite';
import { openAppDatabase } from './app-database';
import { ConnectionService, type ProviderOverride } from './connections/connection-service';
import type { CoreDeps } from './core-deps';
import { dispatch, type CallResult } from './dispatch';
import { toAppError } from './errors/to-app-error';
import { EmbeddedNode } from './embedded-node/embedded-node';
import { EventBus } from './events/event-bus';
import { FolderSizeService } from './sizes/folder-size-service';
import type { DesktopIntegration } from './desktop-integration';
import type { SecretBox } from './secrets/secret-box';
import { SettingsService } from './settings/settings-service';
import { SpacesService } from './spaces/spaces-service';
import { ObjectOperations } from './storage/object-operations';
import { StorageService } from './storage/storage-service';
import { SyncEngine } from './sync/sync-engine';
import { SyncStore } from './sync/sync-store';
import type { RunnerTimings } from './sync/sync-task-runner';
import type { UnpackLimits } from './transfers/folder-zip/unpack-limits';
import type { RetryPolicy } from './transfers/retry';
import { TransferEngine } from './transfers/transfer-engine';
import { TransferService } from './transfers/transfer-service';
import { TransferStore } from './transfers/transfer-store';
import { ThumbnailService } from './thumbnails/thumbnail-service';
import { SearchService } from './search/search-service';
import { createPublishing, type PublishingOptions } from './publish/publishing';
import { limitHeapGrowth } from './heap-growth';

export interface AppCoreOptions {
  dataDir: string;
  mode: AppInfo['mode'];
  version: string;
  /** The storage node CLI bundle to run as the embedded node. */
  storageNodeScript: string;
  /** Builds the secret box once the data folder exists. */
  secretBox: (dataDir: string) => SecretBox;
  /** Shorter sync timings (tests). */
  syncTimings?: Partial<RunnerTimings>;
  /** The desktop app's dialogs and drag-out; undefined in headless mode. */
  desktop?: DesktopIntegration;
  log?: (message: string, error?: unknown) => void;
  /** Tests only: a connection id's provider instead of the one its settings make (see ProviderOverride). */
  providerOverride?: ProviderOverride;
  /** Tests only: tighter bounds for folder zips unpacked. */
  unpackLimits?: UnpackLimits;
  /** Tests only: quicker transfer retries. */
  transferRetry?: RetryPolicy;
  /** Tests only: the transfer engine's clock (to pass a browser upload's grace period without waiting it out). */
  transferClock?: () => number;
  /** Publishing's order checker timings and retry schedule (tests shorten them). */
  publishing?: PublishingOptions;
}

export interface AppCore {
  deps: CoreDeps;
  events: EventBus;
  /** Runs one contract operation with raw (unvalidated) input. */
  call(name: string, input: unknown): Promise<CallResult>;
  /** One chunk of a browser upload (headless drag and drop). */
  uploadChunk(jobId: string, index: number, bytes: Buffer): Promise<CallResult>;
  close(): Promise<void>;
}

export async function createAppCore(options: AppCoreOptions): Promise<AppCore> {
  const log = options.log ?? ((message: string, error?: unknown) => console.error(message, error ?? ''));
  limitHeapGrowth(); // the core's big runs make garbage fast: keep the heap near what is live (heap-growth.ts)
  await mkdir(options.dataDir, { recursive: true, mode: 0o700 });
  const db: Db = openAppDatabase(options.dataDir);
  const events = new EventBus();
  const embeddedNode = new EmbeddedNode({
    script: options.storageNodeScript,
    dataDir: options.dataDir,
    onStatus: (status) => events.emit('node.status', status),
    log: (line) => log(`[storage node] ${line}`),
  });
  const secretBox = options.secretBox(options.dataDir);
  const connections = new ConnectionService(db, secretBox, events, embeddedNode, Date.now, options.providerOverride, join(options.dataDir, 'cache', 'connections'));
  const settings = new SettingsService(db, events);
  const engine = new TransferEngine({ store: new TransferStore(db), connections, events, settings: () => settings.get().transfers, log, unpackLimits: options.unpackLimits, retry: options.transferRetry, now: options.transferClock });
  const sync = new SyncEngine({ store: new SyncStore(db), queue: engine, connections, events, timings: options.syncTimings });
  const publishing = createPublishing(db, secretBox, connections, events, () => embeddedNode.ipfsEndpoint(), options.publishing, log);
  events.onAny((event) => {
    if (event.name === 'settings.changed') engine.applySettings();
  });
  const deps: CoreDeps = {
    info: { name: 'JCS Desktop', version: options.version, mode: options.mode, platform: process.platform, dataDir: options.dataDir },
    events,
    settings,
    connections,
    embeddedNode,
    sizes: new FolderSizeService(connections, events),
    storage: new StorageService(connections, events),
    objectOps: new ObjectOperations(connections, events, (change) => sync.remoteChanged(change)),
    transfers: new TransferService(engine, connections, settings),
    sync,
    publishing: publishing.service,
    publishSettings: publishing.settings,
    spaces: new SpacesService(connections),
    thumbnails: new ThumbnailService({ provider: (id) => connections.provider(id), cacheFolder: join(options.dataDir, 'thumbnails') }),
    search: new SearchService((id) => connections.provider(id)),
    desktop: options.desktop,
  };

  try {
    await embeddedNode.start();
  } catch (error) {
    // The app still opens (remote connections work); the UI shows the node's failure.
    log('the embedded storage node failed to start', error);
  }
  engine.start();
  sync.start();
  publishing.start();

  let closed: Promise<void> | undefined;
  return {
    deps,
    events,
    call: (name, input) => dispatch(deps, name, input, log),
    async uploadChunk(jobId, index, bytes) {
      try {
        return { ok: true, value: await engine.acceptBrowserChunk(jobId, index, bytes) };
      } catch (error) {
        return { ok: false, error: toAppError(error, log) };
      }
    },
    close() {
      closed ??= (async () => {
        publishing.stop();
        await sync.stop();
        await engine.stop();
        sync.detach(); // only now: transfers finishing while the engine stops still reach sync's journal
        connections.close();
        await embeddedNode.stop();
        db.close();
      })();
      return closed;
    },
  };
}
