import type { AppInfo } from '@shared/contract/domain';
import type { ConnectionService } from './connections/connection-service';
import type { DesktopIntegration } from './desktop-integration';
import type { EmbeddedNode } from './embedded-node/embedded-node';
import type { EventBus } from './events/event-bus';
import type { PublishService } from './publish/publish-service';
import type { PublishSettingsService } from './publish/publish-settings-service';
import type { SettingsService } from './settings/settings-service';
import type { SpacesService } from './spaces/spaces-service';
import type { ObjectOperations } from './storage/object-operations';
import type { StorageService } from './storage/storage-service';
import type { TransferService } from './transfers/transfer-service';
import type { SyncEngine } from './sync/sync-engine';
import type { ThumbnailService } from './thumbnails/thumbnail-service';
import type { FolderSizeService } from './sizes/folder-size-service';
import type { SearchService } from './search/search-service';

/** The core services handlers work over. Built once by createAppCore. */
export interface CoreDeps {
  info: Omit<AppInfo, 'embeddedNode'>;
  events: EventBus;
  settings: SettingsService;
  connections: ConnectionService;
  /** Folder sizes for the folders in view, and storage used per root and connection. */
  sizes: FolderSizeService;
  embeddedNode: EmbeddedNode;
  storage: StorageService;
  objectOps: ObjectOperations;
  transfers: TransferService;
  sync: SyncEngine;
  /** Publishing to IPFS and Crust: jobs, order status, and where content goes. */
  publishing: PublishService;
  publishSettings: PublishSettingsService;
  /** User spaces and space sync tasks of the connections that have them (JCS-pub §4–§5). */
  spaces: SpacesService;
  /** Thumbnails for the grid view, cached on disk (served by the transports as image URLs, not through `call`). */
  thumbnails: ThumbnailService;
  /** Search across the folders of a root (steps that can be cancelled). */
  search: SearchService;
  /** Present in the desktop app only. */
  desktop: DesktopIntegration | undefined;
}
