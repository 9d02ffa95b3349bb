/**
 * Move to… / Copy to…: choose a root of the same connection that holds
 * content (JCS: a package of any bucket) and a folder in it (starting at the
 * current one), then the operation runs with its progress under the list.
 * Another root is offered only where the service can move or copy across
 * roots. Taken destinations are asked about once before anything changes
 * (use-transfer-runner.ts).
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../../components/Dialog';
import { ErrorText } from '../../components/ErrorText';
import { formatCount } from '../../lib/format';
import { levelText, useCapabilities } from '../storage/root-levels';
import { useContentRoots } from '../storage/use-content-roots';
import { useTrailNames } from '../storage/use-root-name';
import type { TransferMode } from './browser-context';
import { useBrowser } from './browser-context';
import { FolderPicker } from './FolderPicker';
import type { Entry } from './listing';
import { storedTargets } from './targets';
import { useTransferRunner } from './use-transfer-runner';

export function TransferDialog({ mode, entries, onClose }: { mode: TransferMode; entries: readonly Entry[]; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { location } = useBrowser();
  const runTransfer = useTransferRunner();
  const { connectionId } = location;
  const [target, setTarget] = useState({ root: location.root, prefix: location.prefix });

  const capabilities = useCapabilities(connectionId);
  const acrossRoots = !!capabilities && (mode === 'move' ? capabilities.moveAcrossRoots : capabilities.copyAcrossRoots);
  const roots = useContentRoots(connectionId, capabilities?.rootLevels.length ?? 0, acrossRoots);
  const hereNames = useTrailNames(connectionId, location.trail);
  const options = acrossRoots && roots.data ? roots.data.map((r) => ({ id: r.root.id, label: [...r.above, r.root.name].join(' / '), name: r.root.name })) : [{ id: location.root, label: hereNames.join(' / '), name: hereNames[hereNames.length - 1] ?? '' }];
  const rootName = options.find((o) => o.id === target.root)?.name ?? '';

  const targets = storedTargets(entries);
  const sameRoot = target.root === location.root;
  const intoItself = sameRoot && entries.some((e) => e.kind === 'folder' && target.prefix.startsWith(e.prefix));
  const sameFolder = mode === 'move' && sameRoot && target.prefix === location.prefix;
  const problem = intoItself ? t(`browser.transfer.intoItself.${mode}`) : undefined;

  const first = entries[0];
  const subject = entries.length === 1 && first ? first.name : t('browser.itemCount', { count: entries.length, formatted: formatCount(entries.length, i18n.language) });
  const start = () => {
    onClose();
    const { root } = location;
    void runTransfer({ connectionId, mode, root, targets, targetRoot: target.root, targetFolder: target.prefix }, subject, `${rootName}/${target.prefix}`).catch(() => {
      // The runner told the user already.
    });
  };

  return (
    <Dialog
      open
      wide
      title={t(`browser.transfer.title.${mode}`, { subject })}
      onClose={onClose}
      testId="transfer-dialog"
      footer={
        <>
          <span className="transfer-destination" data-testid="transfer-destination">
            {t('browser.transfer.destination', { path: `${rootName}/${target.prefix}` })}
          </span>
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="button" className="button button-primary" disabled={!!problem || sameFolder || targets.length === 0} onClick={start} data-testid="transfer-confirm">
            {t(`browser.transfer.confirm.${mode}`)}
          </button>
        </>
      }
    >
      <label className="field">
        <span className="field-label">{levelText(t, capabilities?.rootLevels[capabilities.rootLevels.length - 1]?.key ?? 'other', 'one')}</span>
        <select className="input" value={target.root} disabled={!acrossRoots} title={acrossRoots ? undefined : t(`browser.transfer.oneRoot.${mode}`)} data-testid="transfer-package" onChange={(event) => setTarget({ root: event.target.value, prefix: '' })}>
          {options.map((o) => (
            <option key={o.id} value={o.id}>
              {o.label}
            </option>
          ))}
        </select>
      </label>
      {!acrossRoots && <p className="field-hint">{t(`browser.transfer.oneRoot.${mode}`)}</p>}
      <ErrorText error={roots.error} />
      <FolderPicker connectionId={connectionId} root={target.root} rootName={rootName} prefix={target.prefix} onChange={(prefix) => setTarget({ ...target, prefix })} />
      {problem && <p className="field-problem">{problem}</p>}
      {sameFolder && <p className="field-hint">{t('browser.transfer.sameFolder')}</p>}
    </Dialog>
  );
}
