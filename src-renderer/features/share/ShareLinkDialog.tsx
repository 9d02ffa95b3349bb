/**
 * Makes a share link for one file: the user picks how long it lasts (1 minute
 * to 7 days), main signs it (the secret key stays there), and the dialog
 * shows the link with a copy button and when it stops working.
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../../components/Dialog';
import { ErrorText } from '../../components/ErrorText';
import { useApiMutation } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { CopyButton } from '../browser/CopyButton';
import type { ContentLocation } from '../browser/location';
import { EXPIRY_UNITS, expirySeconds, type ExpiryUnit } from './share-expiry';

export interface ShareLinkDialogProps {
  location: ContentLocation;
  path: string;
  name: string;
  /** The embedded node: its keys change at every start, which the dialog says. */
  embedded: boolean;
  onClose: () => void;
}

export function ShareLinkDialog({ location, path, name, embedded, onClose }: ShareLinkDialogProps) {
  const { t, i18n } = useTranslation();
  const create = useApiMutation('share.createLink');
  const [amount, setAmount] = useState('1');
  const [unit, setUnit] = useState<ExpiryUnit>('days');
  const amountId = useId();
  const hintId = useId();
  const expiry = expirySeconds(amount, unit);
  const submit = () => {
    if (expiry.ok) create.mutate({ connectionId: location.connectionId, root: location.root, path, expiresSeconds: expiry.seconds });
  };
  return (
    <Dialog
      open
      title={t('share.title', { name })}
      onClose={onClose}
      testId="share-dialog"
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            {t('common.close')}
          </button>
          <button type="submit" form={amountId + '-form'} className="button button-primary" disabled={!expiry.ok || create.isPending} data-testid="share-create">
            {create.isPending ? t('share.creating') : t('share.create')}
          </button>
        </>
      }
    >
      <p className="field-hint">{t('share.intro')}</p>
      <form
        id={amountId + '-form'}
        className="share-expiry"
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <label htmlFor={amountId}>{t('share.expiresIn')}</label>
        <input
          id={amountId}
          className="input share-amount"
          inputMode="numeric"
          value={amount}
          aria-invalid={!expiry.ok}
          aria-describedby={hintId}
          onChange={(event) => setAmount(event.target.value)}
          data-testid="share-amount"
        />
        <select className="input" value={unit} onChange={(event) => setUnit(event.target.value as ExpiryUnit)} aria-label={t('share.expiresIn')} data-testid="share-unit">
          {(Object.keys(EXPIRY_UNITS) as ExpiryUnit[]).map((u) => (
            <option key={u} value={u}>
              {t(`share.unit.${u}`)}
            </option>
          ))}
        </select>
      </form>
      <p id={hintId} className="field-problem" role={expiry.ok ? undefined : 'alert'} data-testid="share-expiry-problem">
        {expiry.ok ? '' : t(`share.problem.${expiry.problem}`)}
      </p>
      {create.data && (
        <div className="share-result" data-testid="share-result">
          <label htmlFor={amountId + '-url'}>{t('share.link')}</label>
          <div className="details-copyable">
            <input id={amountId + '-url'} className="input mono share-url" readOnly value={create.data.url} onFocus={(event) => event.target.select()} data-testid="share-url" />
            <CopyButton text={create.data.url} label={t('share.copy')} testId="share-copy" />
          </div>
          <p className="field-hint" data-testid="share-expires-at" data-expires-at={create.data.expiresAt}>
            {t('share.expiresAt', { time: formatDateTime(create.data.expiresAt, i18n.language) })}
          </p>
        </div>
      )}
      {embedded && <p className="field-hint">{t('share.embeddedNote')}</p>}
      <ErrorText error={create.error} />
    </Dialog>
  );
}
