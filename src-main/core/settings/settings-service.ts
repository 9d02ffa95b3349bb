import { settingsSchema, type Settings } from '@shared/contract/domain';
import { statement, type Db } from '../../common/sqlite';
import type { EventBus } from '../events/event-bus';

const DEFAULTS: Settings = { language: 'system', theme: 'system' };

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
      const parsed = settingsSchema.partial().safeParse(JSON.parse(row.value));
      return parsed.success ? { ...DEFAULTS, ...parsed.data } : DEFAULTS;
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
