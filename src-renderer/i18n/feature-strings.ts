/** Every feature's string table. A feature adds one import and one entry here. */
import { settingsStrings } from '../features/settings/strings';
import type { StringTable } from './i18n';

export const featureStrings: StringTable[] = [settingsStrings];
