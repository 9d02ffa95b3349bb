/**
 * The preview of one object, opened by Enter or a double-click on a file:
 * an image, the start of a text or code file (highlighted), a PDF in the
 * browser's own viewer, audio or video played by ranged reads; anything else
 * says there is no preview and offers the download. Every byte comes from
 * main's preview URL (src-main/core/preview/), which sends it under a type
 * chosen by name, `nosniff` and a sandboxing CSP: nothing in a file runs.
 */
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { previewKind } from '@shared/preview/preview-request';
import { Dialog } from '../../components/Dialog';
import { useTransport } from '../../lib/api';
import { formatBytes } from '../../lib/format';
import { useBrowser } from '../browser/browser-context';
import { usePreviewStore, type PreviewTarget } from './preview-store';
import { TextPreview } from './TextPreview';
import './preview.css';

export function PreviewDialog() {
  const target = usePreviewStore((s) => s.target);
  const close = usePreviewStore((s) => s.close);
  const { location } = useBrowser();
  // A preview belongs to the browser it was opened in: leaving it (another root, another page) closes it.
  useEffect(() => close, [close, location.connectionId, location.root]);
  if (!target || target.connectionId !== location.connectionId || target.root !== location.root) return null;
  return <OpenPreview key={`${target.connectionId}:${target.root}:${target.entry.key}`} target={target} onClose={close} />;
}

function OpenPreview({ target, onClose }: { target: PreviewTarget; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const transport = useTransport();
  const { actions } = useBrowser();
  const { entry } = target.entry;
  const url = transport.previewUrl({ connectionId: target.connectionId, root: target.root, path: entry.path, ...(entry.ref !== undefined ? { ref: entry.ref } : {}) });
  const { kind, language } = previewKind(entry.path);
  const name = target.entry.name;
  const footer = (
    <>
      <span className="preview-size">{formatBytes(entry.size, i18n.language)}</span>
      <button type="button" className="button" onClick={() => actions.download([target.entry])} data-testid="preview-download">
        {t('preview.download')}
      </button>
      <button type="button" className="button primary" onClick={onClose} data-testid="preview-close">
        {t('preview.close')}
      </button>
    </>
  );
  return (
    <Dialog title={t('preview.title', { name })} open onClose={onClose} footer={footer} wide testId="preview-dialog">
      <div className={`preview-body preview-${kind}`} data-kind={kind}>
        {kind === 'image' && <img src={url} alt={name} data-testid="preview-image" />}
        {kind === 'text' && <TextPreview url={url} size={entry.size} language={language} />}
        {/* No sandbox attribute: Chromium's PDF viewer does not run sandboxed; the response's CSP forbids scripts (preview-source.ts). */}
        {kind === 'pdf' && <iframe src={url} title={t('preview.pdfFrame', { name })} data-testid="preview-pdf" />}
        {kind === 'audio' && <audio src={url} controls preload="metadata" data-testid="preview-audio" />}
        {kind === 'video' && <video src={url} controls preload="metadata" data-testid="preview-video" />}
        {kind === 'none' && <p className="preview-message">{t('preview.none')}</p>}
      </div>
    </Dialog>
  );
}
