/**
 * The levels of a connection's roots, as its capabilities name them (JCS: a
 * bucket, then a package; a single-space service: one level). Everything the
 * UI says about a level comes from the string tables under
 * `storage.levels.<key>` — with a worded fallback (`storage.levels.other`)
 * for a level key the tables do not know yet — and every test id from its
 * key, so one tree and one view serve every kind.
 */
import type { TFunction } from 'i18next';
import type { CapabilitiesView } from '@shared/contract/locations';
import type { IconName } from '../../components/Icon';
import { useConnection } from '../connections/display-name';

export type RootLevel = CapabilitiesView['rootLevels'][number];

/** What a level says: `one`, `many`, `new`, `deleteMessage`... (see storage/strings.ts). */
export function levelText(t: TFunction, key: string, field: string, params: Record<string, unknown> = {}): string {
  return t([`storage.levels.${key}.${field}`, `storage.levels.other.${field}`], { ...params, level: key });
}

/** A level's icon: its own where there is one ('bucket', 'package'), else by position (roots that hold content look like packages). */
export function rootIcon(levels: readonly RootLevel[], level: number): IconName {
  const key = levels[level]?.key;
  if (key === 'bucket' || key === 'package') return key;
  return level === levels.length - 1 ? 'package' : 'bucket';
}

/** The connection's capabilities (undefined while the connection list loads, or if it is gone). */
export function useCapabilities(connectionId: string): CapabilitiesView | undefined {
  return useConnection(connectionId).connection?.capabilities;
}
