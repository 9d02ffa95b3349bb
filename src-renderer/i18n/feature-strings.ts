/** Every feature's string table. A feature adds one import and one entry here. */
import { connectionsStrings } from '../features/connections/strings';
import { browserStrings } from '../features/browser/strings';
import { fileServiceStrings } from '../features/browser/file-service-strings';
import { transferConflictStrings } from '../features/browser/transfer-conflict-strings';
import { settingsStrings } from '../features/settings/strings';
import { storageStrings } from '../features/storage/strings';
import { syncStrings } from '../features/sync/strings';
import { syncTextStrings } from '../features/sync/sync-text-strings';
import { transfersStrings } from '../features/transfers/strings';
import { publishStrings } from '../features/publish/strings';
import { publishSettingsStrings } from '../features/settings/publish-settings-strings';
import { spacesStrings } from '../features/spaces/strings';
import { locationStrings } from '../features/location/strings';
import { shareStrings } from '../features/share/strings';
import { previewStrings } from '../features/preview/strings';
import { searchStrings } from '../features/search/strings';
import type { StringTable } from './string-table';

export const featureStrings: StringTable[] = [
  settingsStrings,
  connectionsStrings,
  storageStrings,
  browserStrings,
  fileServiceStrings,
  transferConflictStrings,
  transfersStrings,
  syncStrings,
  syncTextStrings,
  publishStrings,
  publishSettingsStrings,
  spacesStrings,
  locationStrings,
  shareStrings,
  previewStrings,
  searchStrings,
];
