/** What the desktop notification says when a batch is over (core/transfers/batch-notice.ts), in both languages. */
import { describe, expect, it } from 'vitest';
import { batchNotice } from '../../src-main/core/transfers/batch-notice';

const batch = { batchId: 'b', direction: 'upload' as const, completed: 0, skipped: 0, failed: 0, total: 0, sync: false };

describe('batchNotice', () => {
  it('says a batch with failures failed, first, and counts skipped files apart from transferred ones', () => {
    expect(batchNotice({ ...batch, completed: 141, skipped: 2, failed: 3, total: 146 }, 'en')).toEqual({ title: 'Upload failed', body: '3 failed, 141 files transferred, 2 skipped (already there)' });
    expect(batchNotice({ ...batch, direction: 'download', completed: 1, total: 1 }, 'en')).toEqual({ title: 'Download finished', body: '1 file transferred' });
    expect(batchNotice({ ...batch, completed: 2, skipped: 1, failed: 1, total: 4 }, 'zh-CN')).toEqual({ title: '上传失败', body: '失败 1 个，已传输 2 个文件，跳过 1 个（已存在）' });
  });

  it('a batch cancelled whole says so; a sync task’s batch and an empty one say nothing', () => {
    expect(batchNotice({ ...batch, total: 4 }, 'en')).toEqual({ title: 'Upload cancelled', body: '0 files transferred, 4 cancelled' });
    expect(batchNotice({ ...batch, completed: 3, total: 3, sync: true }, 'en')).toBeNull();
    expect(batchNotice(batch, 'en')).toBeNull();
  });
});
