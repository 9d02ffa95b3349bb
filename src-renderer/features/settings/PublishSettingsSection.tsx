/**
 * Settings → Publishing: where content goes (the embedded node, a Kubo node
 * with its auth, or a Crust gateway), the Crust account, how orders are
 * placed (none, a pinning service with the account's token or its own, the
 * seed's order gateway), the chain RPC for reading orders, the registry and
 * study id, and the public gateway for links. Edited as a draft and saved
 * with one button (the contract checks URLs; a field it refuses is named);
 * secrets are typed into password boxes that never show a saved value. Test
 * buttons check the saved endpoints.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ipfsNodeKindSchema, kuboAuthKindSchema, orderRouteSchema, type PublishSettings, type PublishSettingsView } from '@shared/contract/publish';
import { ErrorText } from '../../components/ErrorText';
import { useToasts } from '../../components/toasts';
import { apiKey, useApiQuery, useTransport } from '../../lib/api';
import { CrustAccountFields } from './CrustAccountFields';
import { EndpointTests } from './EndpointTests';
import { draftFrom, secretState, secretsInUse, settingsPatch, type FormSecret, type PublishDraft } from './publish-settings-form';
import { SecretField } from './SecretField';
import './publish-settings.css';

export function PublishSettingsSection() {
  const view = useApiQuery('publish.settings.get', {});
  if (view.error) return <ErrorText error={view.error} />;
  if (!view.data) return null;
  return <PublishForm view={view.data} />;
}

function PublishForm({ view }: { view: PublishSettingsView }) {
  const { t } = useTranslation();
  const transport = useTransport();
  const client = useQueryClient();
  const show = useToasts((s) => s.show);
  const [draft, setDraft] = useState<PublishDraft>(() => draftFrom(view));
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const patch = settingsPatch(view, draft);
  const dirty = 'problems' in patch || patch.changed;
  const s = draft.settings;

  const set = (change: (settings: PublishSettings) => PublishSettings) => setDraft((d) => ({ ...d, settings: change(d.settings) }));
  const typeSecret = (name: FormSecret, value: string) => setDraft((d) => ({ ...d, typed: { ...d.typed, [name]: value } }));
  const clearSecret = (name: FormSecret, clear: boolean) => setDraft((d) => ({ ...d, cleared: clear ? [...d.cleared.filter((n) => n !== name), name] : d.cleared.filter((n) => n !== name) }));
  const save = async () => {
    if ('problems' in patch) {
      setProblems(patch.problems);
      return;
    }
    setProblems({});
    setSaving(true);
    setError(null);
    try {
      const next = await transport.call('publish.settings.update', patch.update);
      client.setQueryData(apiKey('publish.settings.get', {}), next);
      // Typed secrets are gone from the page once saved: the fields say "set" from now on.
      setDraft(draftFrom(next));
      show('success', t('publishSettings.saved'));
    } catch (e) {
      setError(e);
    } finally {
      setSaving(false);
    }
  };
  const problem = (path: string) =>
    problems[path] ? (
      <span className="field-problem" data-testid={`publish-problem-${path}`}>
        {problems[path]}
      </span>
    ) : null;
  const urlField = (label: string, path: string, value: string, onChange: (value: string) => void, hint?: string) => (
    <label className="field">
      <span className="field-label">{label}</span>
      <input className="input mono" type="url" spellCheck={false} value={value} aria-invalid={problems[path] ? true : undefined} onChange={(e) => onChange(e.target.value)} data-testid={`publish-field-${path}`} />
      {hint && <span className="field-hint">{hint}</span>}
      {problem(path)}
    </label>
  );
  const secret = (name: FormSecret) => (
    <SecretField key={name} label={t(`publishSettings.${name}`)} name={name} state={secretState(view, draft, name)} value={draft.typed[name] ?? ''} onType={(v) => typeSecret(name, v)} onClear={(c) => clearSecret(name, c)} />
  );
  const used = secretsInUse(s);

  return (
    <fieldset className="settings-group publish-settings" data-testid="publish-settings">
      <legend className="field-label">{t('publishSettings.title')}</legend>
      {!view.secretsReadable && <p className="field-problem">{t('publishSettings.unreadable')}</p>}

      <div className="field" role="radiogroup" aria-label={t('publishSettings.ipfsNode')}>
        <span className="field-label">{t('publishSettings.ipfsNode')}</span>
        {ipfsNodeKindSchema.options.map((kind) => (
          <label key={kind} className="settings-check-row">
            <input type="radio" name="publish-ipfs-node" checked={s.ipfsNode === kind} onChange={() => set((x) => ({ ...x, ipfsNode: kind }))} data-testid={`publish-node-${kind}`} />
            <span>{t(`publishSettings.node.${kind}`)}</span>
          </label>
        ))}
      </div>
      {s.ipfsNode === 'embedded' && (
        <p className="publish-warning" role="note" data-testid="publish-embedded-warning">
          {t('publishSettings.embeddedWarning')}
        </p>
      )}
      {s.ipfsNode === 'kubo' && (
        <div className="publish-sub">
          {urlField(t('publishSettings.kuboUrl'), 'kubo.url', s.kubo.url, (url) => set((x) => ({ ...x, kubo: { ...x.kubo, url } })))}
          <label className="field">
            <span className="field-label">{t('publishSettings.kuboAuth')}</span>
            <select className="input" value={s.kubo.auth} onChange={(e) => set((x) => ({ ...x, kubo: { ...x.kubo, auth: kuboAuthKindSchema.parse(e.target.value) } }))} data-testid="publish-kubo-auth">
              {kuboAuthKindSchema.options.map((auth) => (
                <option key={auth} value={auth}>
                  {t(`publishSettings.auth.${auth}`)}
                </option>
              ))}
            </select>
          </label>
          {s.kubo.auth === 'basic' && (
            <label className="field">
              <span className="field-label">{t('publishSettings.username')}</span>
              <input className="input" autoComplete="off" value={s.kubo.username} onChange={(e) => set((x) => ({ ...x, kubo: { ...x.kubo, username: e.target.value } }))} data-testid="publish-kubo-username" />
              {problem('kubo.username')}
            </label>
          )}
          {used.filter((n) => n !== 'pinningToken').map(secret)}
        </div>
      )}
      {s.ipfsNode === 'crust-gateway' && (
        <div className="publish-sub">
          {urlField(t('publishSettings.gatewayUrl'), 'crustGateway.url', s.crustGateway.url, (url) => set((x) => ({ ...x, crustGateway: { url } })), t('publishSettings.gatewayNeedsAccount'))}
        </div>
      )}

      <CrustAccountFields view={view} />

      <label className="field">
        <span className="field-label">{t('publishSettings.orderRoute')}</span>
        <select className="input" value={s.orderRoute} onChange={(e) => set((x) => ({ ...x, orderRoute: orderRouteSchema.parse(e.target.value) }))} data-testid="publish-order-route">
          {orderRouteSchema.options.map((route) => (
            <option key={route} value={route}>
              {t(`publishSettings.route.${route}`)}
            </option>
          ))}
        </select>
      </label>
      {s.orderRoute === 'pinning-service' && (
        <div className="publish-sub">
          {urlField(t('publishSettings.pinningUrl'), 'pinningService.url', s.pinningService.url, (url) => set((x) => ({ ...x, pinningService: { ...x.pinningService, url } })))}
          <label className="settings-check-row">
            <input
              type="checkbox"
              checked={s.pinningService.useCrustAccount}
              onChange={(e) => set((x) => ({ ...x, pinningService: { ...x.pinningService, useCrustAccount: e.target.checked } }))}
              data-testid="publish-use-crust-account"
            />
            <span>{t('publishSettings.useCrustAccount')}</span>
          </label>
          {used.includes('pinningToken') && secret('pinningToken')}
        </div>
      )}
      {s.orderRoute === 'seed-gateway' && <div className="publish-sub">{urlField(t('publishSettings.seedGatewayUrl'), 'seedGateway.url', s.seedGateway.url, (url) => set((x) => ({ ...x, seedGateway: { url } })))}</div>}

      {urlField(t('publishSettings.chainUrl'), 'chain.url', s.chain.url, (url) => set((x) => ({ ...x, chain: { url } })), t('publishSettings.chainHint'))}
      <div className="publish-pair">
        {urlField(t('publishSettings.registryUrl'), 'registry.url', s.registry.url, (url) => set((x) => ({ ...x, registry: { ...x.registry, url } })), t('publishSettings.registryHint'))}
        <label className="field">
          <span className="field-label">{t('publishSettings.studyId')}</span>
          <input className="input" value={s.registry.studyId} onChange={(e) => set((x) => ({ ...x, registry: { ...x.registry, studyId: e.target.value } }))} data-testid="publish-field-registry.studyId" />
          {problem('registry.studyId')}
        </label>
      </div>
      {urlField(t('publishSettings.publicGateway'), 'publicGateway', s.publicGateway, (publicGateway) => set((x) => ({ ...x, publicGateway })), t('publishSettings.publicGatewayHint'))}

      <div className="publish-save-row">
        <button type="button" className="button button-primary" disabled={!dirty || saving} onClick={() => void save()} data-testid="publish-save">
          {t('publishSettings.save')}
        </button>
        {dirty && <span className="field-hint">{t('publishSettings.unsaved')}</span>}
      </div>
      <ErrorText error={error} />
      <EndpointTests saved={view} dirty={dirty} />
    </fieldset>
  );
}
