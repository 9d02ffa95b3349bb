/**
 * What the desktop's system notification says when a batch of transfers is
 * over, in the app's language: failures first (the title says the batch
 * failed), skipped files counted apart from transferred ones. Plain text, no
 * Electron, so it is unit-tested in Node; src-main/app shows it.
 */
import type { EventPayload } from '@shared/contract/events';

export type NoticeLanguage = 'en' | 'zh-CN';

const TEXT = {
  en: {
    uploadDone: 'Upload finished',
    downloadDone: 'Download finished',
    uploadFailed: 'Upload failed',
    downloadFailed: 'Download failed',
    uploadCancelled: 'Upload cancelled',
    downloadCancelled: 'Download cancelled',
    done: (n: number) => (n === 1 ? '1 file transferred' : `${n} files transferred`),
    skipped: (n: number) => `${n} skipped (already there)`,
    failed: (n: number) => `${n} failed`,
    cancelled: (n: number) => `${n} cancelled`,
    join: ', ',
  },
  'zh-CN': {
    uploadDone: '上传完成',
    downloadDone: '下载完成',
    uploadFailed: '上传失败',
    downloadFailed: '下载失败',
    uploadCancelled: '上传已取消',
    downloadCancelled: '下载已取消',
    done: (n: number) => `已传输 ${n} 个文件`,
    skipped: (n: number) => `跳过 ${n} 个（已存在）`,
    failed: (n: number) => `失败 ${n} 个`,
    cancelled: (n: number) => `取消 ${n} 个`,
    join: '，',
  },
} as const;

/** The notification for a finished batch; null for a sync task's (the Sync page reports those) or an empty one. */
export function batchNotice(batch: EventPayload<'transfers.batchFinished'>, language: NoticeLanguage): { title: string; body: string } | null {
  if (batch.sync || batch.total === 0) return null;
  const text = TEXT[language];
  const up = batch.direction === 'upload';
  const cancelled = batch.total - batch.completed - batch.skipped - batch.failed;
  const title =
    batch.failed > 0
      ? text[up ? 'uploadFailed' : 'downloadFailed']
      : batch.completed + batch.skipped === 0
        ? text[up ? 'uploadCancelled' : 'downloadCancelled']
        : text[up ? 'uploadDone' : 'downloadDone'];
  const parts = [
    batch.failed > 0 ? text.failed(batch.failed) : null,
    text.done(batch.completed),
    batch.skipped > 0 ? text.skipped(batch.skipped) : null,
    cancelled > 0 ? text.cancelled(cancelled) : null,
  ].filter((part): part is string => part !== null);
  return { title, body: parts.join(text.join) };
}
