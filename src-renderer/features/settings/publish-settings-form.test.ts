import { describe, expect, it } from 'vitest';
import { DEFAULT_PUBLISH_SETTINGS, type PublishSettingsView } from '@shared/contract/publish';
import { draftFrom, endpointsInUse, secretState, secretsInUse, settingsPatch, type PublishDraft } from './publish-settings-form';

const view = (over: Partial<PublishSettingsView> = {}): PublishSettingsView => ({ ...DEFAULT_PUBLISH_SETTINGS, account: null, secretsSet: [], secretsReadable: true, ...over });

describe('publish settings form', () => {
  it('saves nothing when nothing changed', () => {
    const saved = view();
    expect(settingsPatch(saved, draftFrom(saved))).toEqual({ update: {}, changed: false });
  });

  it('sends only the settings that changed, and a typed secret once, never an untouched one', () => {
    const saved = view({ secretsSet: ['pinningToken'] });
    const draft: PublishDraft = { ...draftFrom(saved), typed: { kuboToken: 's3cret' } };
    draft.settings = { ...draft.settings, ipfsNode: 'kubo', kubo: { url: 'http://127.0.0.1:5001', auth: 'bearer', username: '' } };
    const patch = settingsPatch(saved, draft);
    expect(patch).toEqual({ update: { ipfsNode: 'kubo', kubo: { url: 'http://127.0.0.1:5001', auth: 'bearer', username: '' }, secrets: { kuboToken: 's3cret' } }, changed: true });
  });

  it('clears a saved secret with an empty value, and ignores a clear of one that is not set', () => {
    const saved = view({ secretsSet: ['pinningToken'] });
    expect(settingsPatch(saved, { ...draftFrom(saved), cleared: ['pinningToken', 'kuboPassword'] })).toEqual({ update: { secrets: { pinningToken: '' } }, changed: true });
  });

  it('names the field the contract refuses, and sends nothing', () => {
    const saved = view();
    const draft = draftFrom(saved);
    draft.settings = { ...draft.settings, chain: { url: 'rpc.crust.network' }, publicGateway: 'ftp://x' };
    const patch = settingsPatch(saved, draft);
    expect('problems' in patch && Object.keys(patch.problems).sort()).toEqual(['chain.url', 'publicGateway']);
  });

  it('says a saved secret is set without knowing its value, and what typing or clearing does to it', () => {
    const saved = view({ secretsSet: ['kuboToken'] });
    const draft = draftFrom(saved);
    expect(secretState(saved, draft, 'kuboToken')).toBe('set');
    expect(secretState(saved, draft, 'pinningToken')).toBe('unset');
    expect(secretState(saved, { ...draft, typed: { kuboToken: 'x' } }, 'kuboToken')).toBe('typed');
    expect(secretState(saved, { ...draft, cleared: ['kuboToken'] }, 'kuboToken')).toBe('cleared');
    expect(JSON.stringify(draft)).not.toContain('secretsSet');
  });

  it('shows the secret fields and the Test buttons the chosen node and route use', () => {
    const base = DEFAULT_PUBLISH_SETTINGS;
    expect(secretsInUse(base)).toEqual([]);
    expect(secretsInUse({ ...base, ipfsNode: 'kubo', kubo: { ...base.kubo, auth: 'basic' } })).toEqual(['kuboPassword']);
    expect(secretsInUse({ ...base, orderRoute: 'pinning-service', pinningService: { url: 'https://psa', useCrustAccount: false } })).toEqual(['pinningToken']);
    expect(secretsInUse({ ...base, orderRoute: 'pinning-service' })).toEqual([]);
    expect(endpointsInUse(base)).toEqual(['ipfsNode', 'chain']);
    expect(endpointsInUse({ ...base, orderRoute: 'seed-gateway', chain: { url: '' }, registry: { url: 'http://r', studyId: '1' } })).toEqual(['ipfsNode', 'seedGateway', 'registry']);
  });
});
