/**
 * The seed's registry: the records of a study id (`publish.registry`), the
 * id defaulting to the one in Settings → Publishing. Asked for on demand.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorText } from '../../components/ErrorText';
import { useApiQuery } from '../../lib/api';
import { formatBytes } from '../../lib/format';

export function RegistrySection() {
  const { t, i18n } = useTranslation();
  const settings = useApiQuery('publish.settings.get', {});
  const configured = (settings.data?.registry.url ?? '') !== '';
  const savedStudyId = settings.data?.registry.studyId ?? '';
  const [studyId, setStudyId] = useState(savedStudyId);
  const [asked, setAsked] = useState<string | null>(null);
  useEffect(() => setStudyId(savedStudyId), [savedStudyId]);
  const records = useApiQuery('publish.registry', asked === null || asked === '' ? {} : { studyId: asked }, { enabled: asked !== null && configured, staleTime: 0, retry: false });

  const show = (event: FormEvent) => {
    event.preventDefault();
    if (asked === studyId.trim()) void records.refetch();
    else setAsked(studyId.trim());
  };

  return (
    <section className="crust-registry" aria-label={t('publish.registry.title')} data-testid="crust-registry">
      {!configured ? (
        <p className="field-hint">{t('publish.registry.notConfigured')}</p>
      ) : (
        <>
          <form className="crust-registry-form" onSubmit={show}>
            <label className="crust-registry-field">
              <span>{t('publish.registry.studyId')}</span>
              <input className="input" value={studyId} maxLength={200} onChange={(e) => setStudyId(e.target.value)} data-testid="registry-study-id" />
            </label>
            <button type="submit" className="button" disabled={records.isFetching} data-testid="registry-show">
              {t('publish.registry.show')}
            </button>
            {records.data && <span className="crust-muted">{t('publish.registry.count', { count: records.data.length })}</span>}
          </form>
          <ErrorText error={records.error} />
          {records.data &&
            (records.data.length === 0 ? (
              <p className="field-hint" data-testid="registry-empty">
                {t('publish.registry.empty')}
              </p>
            ) : (
              <div className="crust-registry-table-wrap">
                <table className="crust-registry-table" data-testid="registry-table">
                  <thead>
                    <tr>
                      <th>{t('publish.registry.id')}</th>
                      <th>{t('publish.registry.cid')}</th>
                      <th>{t('publish.registry.size')}</th>
                      <th>{t('publish.registry.status')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {records.data.map((record) => (
                      <tr key={`${record.id}:${record.cid}`} data-testid="registry-row" data-cid={record.cid}>
                        <td>{record.id}</td>
                        <td className="mono crust-cid" title={record.cid}>
                          {record.cid}
                        </td>
                        <td>{formatBytes(record.size, i18n.language)}</td>
                        <td>{record.status}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ))}
        </>
      )}
    </section>
  );
}
