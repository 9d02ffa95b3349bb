/** Builds the publishing services over the app database and starts/stops them with the core. */
import type { RetryPolicy } from '@shared/retry/backoff';
import type { Db } from '../../common/sqlite';
import type { ConnectionService } from '../connections/connection-service';
import type { EventBus } from '../events/event-bus';
import type { SecretBox } from '../secrets/secret-box';
import { OrderChecker, type OrderCheckerOptions } from './order-checker';
import { PublishEndpoints, type EmbeddedIpfs } from './publish-endpoints';
import { PublishRunner } from './publish-runner';
import { PublishService } from './publish-service';
import { PublishSettingsService } from './publish-settings-service';
import { PublishStore } from './publish-store';

export interface PublishingOptions {
  checker?: OrderCheckerOptions;
  retry?: RetryPolicy;
}

export interface Publishing {
  settings: PublishSettingsService;
  service: PublishService;
  start(): void;
  stop(): void;
}

export function createPublishing(db: Db, box: SecretBox, connections: ConnectionService, events: EventBus, embeddedIpfs: EmbeddedIpfs, options: PublishingOptions = {}, log?: (message: string, error?: unknown) => void): Publishing {
  const settings = new PublishSettingsService(db, box);
  const store = new PublishStore(db);
  const endpoints = new PublishEndpoints(settings, embeddedIpfs);
  const checker = new OrderChecker(store, endpoints, events, { ...options.checker, log });
  const runner = new PublishRunner({ store, endpoints, connections, events, retry: options.retry, log, onDone: (id) => void checker.check([id]) });
  settings.onChange(() => events.emit('publish.changed', {}));
  return {
    settings,
    service: new PublishService(store, runner, checker, settings, endpoints, connections, events),
    start() {
      runner.start();
      checker.start();
    },
    stop() {
      checker.stop();
      runner.stop();
      endpoints.closeAll();
    },
  };
}
