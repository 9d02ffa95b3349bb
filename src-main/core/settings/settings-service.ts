import { DEFAULT_TRANSFER_SETTINGS, settingsSchema, transferSettingsSchema, type Settings } from '@shared/contract/domain';
import { statement, type Db } from '../../common/sqlite';
import type { EventBus } from '../events/event-bus';

const DEFAULTS: Settings = { language: 'system', theme: 'system', transfers: DEFAULT_TRANSFER_SETTINGS, startAtLogin: false };

/** User preferences, stored as one JSON document and validated on every read. */
export class SettingsService {
  private readonly read;
  private readonly write;

  constructor(
    db: Db,
    private readonly events: EventBus,
  ) {
    this.read = statement<{ value: string }, [string]>(db, 'SELECT value FROM settings WHERE key = ?');
    this.write = statement<never, [string, string]>(db, 'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  }

  get(): Settings {
    const row = this.read.get('preferences');
    if (!row) return DEFAULTS;
    try {
      // Read field by field: one bad or missing value (an older version's file) keeps its default, not all of them.
      const stored = JSON.parse(row.value) as Record<string, unknown>;
      const language = settingsSchema.shape.language.safeParse(stored.language);
      const theme = settingsSchema.shape.theme.safeParse(stored.theme);
      const transfers = transferSettingsSchema.safeParse({ ...DEFAULT_TRANSFER_SETTINGS, ...(stored.transfers as object | undefined) });
      return {
        language: language.success ? language.data : DEFAULTS.language,
        theme: theme.success ? theme.data : DEFAULTS.theme,
        transfers: transfers.success ? transfers.data : DEFAULTS.transfers,
        startAtLogin: typeof stored.startAtLogin === 'boolean' ? stored.startAtLogin : DEFAULTS.startAtLogin,
      };
    } catch {
      return DEFAULTS;
    }
  }

  update(change: Partial<Settings>): Settings {
    const next = { ...this.get(), ...change };
    this.write.run('preferences', JSON.stringify(next));
    this.events.emit('settings.changed', next);
    return next;
  }
}
