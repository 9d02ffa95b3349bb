/**
 * The connection dialog's kinds (src-renderer/features/connections/
 * connection-kinds.ts) against main's registry: every kind the dialog offers
 * exists in main with the same form, its secrets are the registry's secret
 * fields, its top level is the one its capabilities name (the word a test's
 * result uses), and every field has a label in both languages.
 */
import { describe, expect, it } from 'vitest';
import { providerKind, providerKinds } from '../../src-main/providers/registry';
import { CONNECTION_KINDS } from '../../src-renderer/features/connections/connection-kinds';
import { connectionsStrings } from '../../src-renderer/features/connections/strings';
import type { Strings } from '../../src-renderer/i18n/string-table';

function at(table: Strings, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Strings)[key] : undefined), table);
}

describe('the connection kinds the dialog offers', () => {
  it('are the kinds main knows, in the same order', () => {
    expect(CONNECTION_KINDS.map((k) => k.form.kind)).toEqual(providerKinds().map((k) => k.kind));
  });

  for (const ui of CONNECTION_KINDS) {
    it(`${ui.form.kind}: same schemas, secrets and top level as main; a label for every field in both languages`, () => {
      const kind = providerKind(ui.form.kind);
      expect(ui.form.config).toBe(kind.configSchema);
      expect(ui.form.secrets).toBe(kind.secretsSchema);
      expect(ui.form.fields.filter((f) => f.input === 'secret').map((f) => f.name)).toEqual(kind.secretFields);
      expect(ui.topLevelKey).toBe(kind.capabilities.rootLevels[0]!.key);
      for (const language of ['en', 'zh-CN'] as const) {
        for (const field of ui.form.fields) expect(at(connectionsStrings[language], `connections.form.${ui.form.kind}.${field.name}`), `${language} ${field.name}`).toEqual(expect.any(String));
        expect(at(connectionsStrings[language], `connections.form.kinds.${ui.form.kind}`)).toEqual(expect.any(String));
      }
    });
  }
});
