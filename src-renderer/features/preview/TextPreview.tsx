/**
 * A text or code file's first TEXT_PREVIEW_BYTES, highlighted by language
 * (highlight.ts). Markup files (HTML, SVG, XML) are highlighted as XML: their
 * text is shown, never rendered.
 */
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TEXT_PREVIEW_BYTES } from '@shared/preview/preview-request';
import { formatBytes } from '../../lib/format';
import { highlightText } from './highlight';
import { readTextPreview, type TextPreview as Loaded } from './read-text-preview';

const MARKUP = new Set(['xml']);

export function TextPreview({ url, size, language }: { url: string; size: number; language: string | undefined }) {
  const { t, i18n } = useTranslation();
  const [state, setState] = useState<{ loaded?: Loaded; error?: string }>({});
  useEffect(() => {
    const controller = new AbortController();
    setState({});
    readTextPreview(url, size, controller.signal).then(
      (loaded) => setState({ loaded }),
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ error: error instanceof Error ? error.message : String(error) });
      },
    );
    return () => controller.abort();
  }, [url, size]);
  const html = useMemo(() => (state.loaded && !state.loaded.binary ? highlightText(state.loaded.text, language) : ''), [state.loaded, language]);

  if (state.error) return <p className="preview-message" role="alert">{t('preview.failed', { reason: state.error })}</p>;
  if (!state.loaded) return <p className="preview-message" aria-busy="true">{t('preview.loading')}</p>;
  if (state.loaded.binary) return <p className="preview-message" data-testid="preview-binary">{t('preview.binary')}</p>;
  if (state.loaded.text === '') return <p className="preview-message">{t('preview.empty')}</p>;
  return (
    <div className="preview-text-wrap">
      {(state.loaded.truncated || (language !== undefined && MARKUP.has(language))) && (
        <p className="preview-note" data-testid="preview-note">
          {state.loaded.truncated && t('preview.truncated', { size: formatBytes(TEXT_PREVIEW_BYTES, i18n.language), total: formatBytes(size, i18n.language) })}
          {language !== undefined && MARKUP.has(language) && ` ${t('preview.asText')}`}
        </p>
      )}
      {/* highlight.js escapes the file's text and adds only its own spans (highlight.ts). */}
      <pre className="preview-text" data-testid="preview-text" data-language={language}>
        <code className="hljs" dangerouslySetInnerHTML={{ __html: html }} />
      </pre>
    </div>
  );
}
