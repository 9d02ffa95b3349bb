/**
 * Asks once what to do with the items of a move or copy whose destination is
 * taken: Replace, Skip or Keep both, for all of them ("apply to all", on by
 * default) or item by item with the box unticked. Nothing has been changed
 * while it asks; Cancel leaves it so.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../../components/Dialog';
import { formatCount } from '../../lib/format';
import { useTransferConflicts, type ConflictAnswer, type ConflictQuestion, type ConflictResolution } from './transfer-conflict-store';

/** Names listed under the summary; the count says how many there are. */
const NAMES_SHOWN = 8;

export function TransferConflictDialog() {
  const question = useTransferConflicts((s) => s.question);
  if (!question) return null;
  return <Question key={question.id} question={question} answer={question.answer} />;
}

function Question({ question, answer }: { question: ConflictQuestion; answer: (answer: ConflictAnswer | null) => void }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const { conflicts, targetFolder } = question;
  const [index, setIndex] = useState(0);
  const [decisions, setDecisions] = useState<ConflictAnswer['decisions']>([]);
  const [applyToAll, setApplyToAll] = useState(true);
  const item = conflicts.items[index];
  const remaining = conflicts.count - index;
  const name = (to: string) => (to.startsWith(targetFolder) ? to.slice(targetFolder.length) : to);

  const choose = (resolution: ConflictResolution) => {
    if (!item || (applyToAll && remaining > 1)) {
      answer({ decisions, all: resolution });
      return;
    }
    const next = [...decisions, { to: item.to, resolution }];
    // Past the listed ones (a very long list): the answers so far go, and the rest is asked about again.
    if (index + 1 >= conflicts.items.length) answer({ decisions: next });
    else {
      setDecisions(next);
      setIndex(index + 1);
    }
  };

  const shown = conflicts.items.slice(0, NAMES_SHOWN);
  return (
    <Dialog
      open
      title={t('transferConflict.title', { count: conflicts.count })}
      onClose={() => answer(null)}
      testId="transfer-conflict-dialog"
      footer={
        <>
          <button type="button" className="button" onClick={() => answer(null)} data-testid="transfer-conflict-cancel">
            {t('common.cancel')}
          </button>
          <span className="dialog-footer-spacer" />
          <button type="button" className="button" onClick={() => choose('skip')} data-testid="transfer-conflict-skip">
            {t('transferConflict.skip')}
          </button>
          <button type="button" className="button" onClick={() => choose('keepBoth')} data-testid="transfer-conflict-keepBoth">
            {t('transferConflict.keepBoth')}
          </button>
          <button type="button" className="button button-primary" autoFocus onClick={() => choose('overwrite')} data-testid="transfer-conflict-overwrite">
            {t('transferConflict.replace')}
          </button>
        </>
      }
    >
      <p className="conflict-message" data-testid="transfer-conflict-summary">
        {t('transferConflict.summary', { count: conflicts.count, formatted: formatCount(conflicts.count, locale), folder: question.folderLabel })}
      </p>
      {applyToAll || remaining <= 1 || !item ? (
        <ul className="browser-failures" data-testid="transfer-conflict-names">
          {shown.map((c) => (
            <li key={c.to} className="mono">
              {name(c.to)}
            </li>
          ))}
          {conflicts.count > shown.length && <li>{t('transferConflict.more', { formatted: formatCount(conflicts.count - shown.length, locale) })}</li>}
        </ul>
      ) : (
        <p className="conflict-message" data-testid="transfer-conflict-item">
          {t(`transferConflict.item.${question.mode}`, { name: name(item.to) })}
        </p>
      )}
      <p className="field-hint">{t('transferConflict.hint')}</p>
      {remaining > 1 && (
        <label className="conflict-apply">
          <input type="checkbox" checked={applyToAll} onChange={(e) => setApplyToAll(e.target.checked)} data-testid="transfer-conflict-apply-all" />
          <span>{t('transferConflict.applyToAll', { count: remaining, formatted: formatCount(remaining, locale) })}</span>
        </label>
      )}
    </Dialog>
  );
}
