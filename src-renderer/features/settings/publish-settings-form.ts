/**
 * The Publishing section's form state: the settings as typed (a draft of
 * everything but secrets), and the secrets typed or cleared since the last
 * save. A secret's value is never in the saved view (it says only which are
 * set), so a secret field starts empty and is sent only when typed into:
 * `publish.settings.update.secrets` then carries it once. What the update
 * sends is checked against the contract here first, so a bad URL is named by
 * its field before anything leaves. Pure, unit-tested in Node.
 */
import { publishSettingsUpdateSchema, type PublishSecretName, type PublishSettings, type PublishSettingsUpdate, type PublishSettingsView } from '@shared/contract/publish';

/** The secrets the form types (the recovery phrase goes through `publish.account.*` only). */
export type FormSecret = Exclude<PublishSecretName, 'mnemonic'>;
export const FORM_SECRETS: readonly FormSecret[] = ['kuboToken', 'kuboPassword', 'pinningToken'];

export interface PublishDraft {
  settings: PublishSettings;
  /** Typed since the last save ('' = nothing typed: the saved one stays). */
  typed: Partial<Record<FormSecret, string>>;
  /** Asked to be removed since the last save. */
  cleared: readonly FormSecret[];
}

export function draftFrom(view: PublishSettingsView): PublishDraft {
  const { ipfsNode, kubo, crustGateway, orderRoute, pinningService, seedGateway, chain, registry, publicGateway } = view;
  return {
    settings: { ipfsNode, kubo: { ...kubo }, crustGateway: { ...crustGateway }, orderRoute, pinningService: { ...pinningService }, seedGateway: { ...seedGateway }, chain: { ...chain }, registry: { ...registry }, publicGateway },
    typed: {},
    cleared: [],
  };
}

const KEYS: ReadonlyArray<keyof PublishSettings> = ['ipfsNode', 'kubo', 'crustGateway', 'orderRoute', 'pinningService', 'seedGateway', 'chain', 'registry', 'publicGateway'];

/** Which secret a setting needs, for the form to show its field. */
export function secretsInUse(settings: PublishSettings): FormSecret[] {
  const used: FormSecret[] = [];
  if (settings.ipfsNode === 'kubo' && settings.kubo.auth === 'bearer') used.push('kuboToken');
  if (settings.ipfsNode === 'kubo' && settings.kubo.auth === 'basic') used.push('kuboPassword');
  if (settings.orderRoute === 'pinning-service' && !settings.pinningService.useCrustAccount) used.push('pinningToken');
  return used;
}

export type SecretState = 'typed' | 'cleared' | 'set' | 'unset';

/** What a secret field shows: typed now, to be cleared, saved ("set", never the value), or absent. */
export function secretState(view: PublishSettingsView, draft: PublishDraft, name: FormSecret): SecretState {
  if ((draft.typed[name] ?? '') !== '') return 'typed';
  if (draft.cleared.includes(name)) return 'cleared';
  return view.secretsSet.includes(name) ? 'set' : 'unset';
}

export type PatchResult = { update: PublishSettingsUpdate; changed: boolean } | { problems: Record<string, string> };

/**
 * The update that saves the draft: the settings that differ from the saved
 * ones and the secrets typed or cleared. `problems` (a field's dotted path →
 * the contract's message) when the contract would refuse it.
 */
export function settingsPatch(saved: PublishSettingsView, draft: PublishDraft): PatchResult {
  const update: Record<string, unknown> = {};
  for (const key of KEYS) {
    if (JSON.stringify(draft.settings[key]) !== JSON.stringify(saved[key])) update[key] = draft.settings[key];
  }
  const secrets: Partial<Record<FormSecret, string>> = {};
  for (const name of FORM_SECRETS) {
    const typed = draft.typed[name] ?? '';
    if (typed !== '') secrets[name] = typed;
    else if (draft.cleared.includes(name) && saved.secretsSet.includes(name)) secrets[name] = '';
  }
  if (Object.keys(secrets).length > 0) update.secrets = secrets;
  const parsed = publishSettingsUpdateSchema.safeParse(update);
  if (!parsed.success) {
    const problems: Record<string, string> = {};
    for (const issue of parsed.error.issues) problems[issue.path.join('.')] ??= issue.message;
    return { problems };
  }
  return { update: parsed.data, changed: Object.keys(update).length > 0 };
}

/** The endpoints the current settings use, in the order the form shows their Test buttons. */
export function endpointsInUse(settings: PublishSettings): Array<'ipfsNode' | 'pinningService' | 'seedGateway' | 'chain' | 'registry'> {
  const endpoints: Array<'ipfsNode' | 'pinningService' | 'seedGateway' | 'chain' | 'registry'> = ['ipfsNode'];
  if (settings.orderRoute === 'pinning-service') endpoints.push('pinningService');
  if (settings.orderRoute === 'seed-gateway') endpoints.push('seedGateway');
  if (settings.chain.url !== '') endpoints.push('chain');
  if (settings.registry.url !== '') endpoints.push('registry');
  return endpoints;
}
