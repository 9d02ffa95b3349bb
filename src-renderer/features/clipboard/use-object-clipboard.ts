/**
 * Ctrl+C / Ctrl+X put the selection on the app's clipboard; Ctrl+V in a
 * folder (of the same root or, where the service can, another) copies or
 * moves it there through the same operation as Copy to… / Move to… (with its
 * progress, and its question when names are taken). A cut is pasted once:
 * the clipboard empties when its move starts.
 */
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useToasts } from '../../components/toasts';
import { formatCount } from '../../lib/format';
import { useBrowser } from '../browser/browser-context';
import type { Entry } from '../browser/listing';
import { storedTargets } from '../browser/targets';
import { useTransferRunner } from '../browser/use-transfer-runner';
import { levelText, useCapabilities } from '../storage/root-levels';
import { useTrailNames } from '../storage/use-root-name';
import { useObjectClipboard } from './clipboard-store';
import { pasteProblem } from './paste-problem';

export interface ObjectClipboardActions {
  take: (mode: 'copy' | 'move', entries: readonly Entry[]) => void;
  paste: () => void;
}

export function useObjectClipboardActions(): ObjectClipboardActions {
  const { t, i18n } = useTranslation();
  const { location, refusals } = useBrowser();
  const show = useToasts((s) => s.show);
  const runTransfer = useTransferRunner();
  const capabilities = useCapabilities(location.connectionId);
  const names = useTrailNames(location.connectionId, location.trail);
  const rootName = names[names.length - 1] ?? '';

  const take = useCallback(
    (mode: 'copy' | 'move', entries: readonly Entry[]) => {
      const refusal = refusals.transfer(mode);
      if (refusal) return show('info', t(refusal));
      const targets = storedTargets(entries);
      if (targets.length === 0) return undefined;
      const first = entries[0];
      const formatted = formatCount(targets.length, i18n.language);
      const subject = targets.length === 1 && first ? first.name : t('browser.itemCount', { count: targets.length, formatted });
      useObjectClipboard.getState().put({ mode, connectionId: location.connectionId, root: location.root, folder: location.prefix, targets, subject });
      show('info', t(mode === 'copy' ? 'clipboard.copied' : 'clipboard.cut', { count: targets.length, formatted }));
      return undefined;
    },
    [refusals, show, t, i18n.language, location],
  );

  const paste = useCallback(() => {
    const items = useObjectClipboard.getState().items;
    const abilities = { moveAcrossRoots: !!capabilities?.moveAcrossRoots, copyAcrossRoots: !!capabilities?.copyAcrossRoots };
    const problem = pasteProblem(items, { connectionId: location.connectionId, root: location.root, folder: location.prefix }, abilities);
    if (problem || !items) {
      const noun = levelText(t, capabilities?.rootLevels[capabilities.rootLevels.length - 1]?.key ?? 'other', 'noun');
      show('info', problem?.key === 'otherRoot' ? t(`clipboard.otherRoot.${problem.mode}`, { noun }) : t(`clipboard.${problem?.key ?? 'empty'}`));
      return;
    }
    const refusal = refusals.transfer(items.mode);
    if (refusal) return show('info', t(refusal));
    if (items.mode === 'move') useObjectClipboard.getState().clear();
    const request = { connectionId: items.connectionId, mode: items.mode, root: items.root, targets: [...items.targets], targetRoot: location.root, targetFolder: location.prefix };
    void runTransfer(request, items.subject, `${rootName}/${location.prefix}`).catch(() => {
      // The runner told the user already.
    });
  }, [capabilities, location, refusals, rootName, runTransfer, show, t]);

  return useMemo(() => ({ take, paste }), [take, paste]);
}
