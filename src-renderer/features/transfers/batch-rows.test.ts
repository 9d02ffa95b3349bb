import { describe, expect, it } from 'vitest';
import type { TransferBatch } from '@shared/contract/transfer-batches';
import { AUTO_EXPAND_FILES, BATCH_PAGE_SIZE, batchLayout, batchPercent } from './batch-rows';

function batch(batchId: string, files: number, patch: Partial<TransferBatch> = {}): TransferBatch {
  return {
    batchId, direction: 'upload', files, queued: files, running: 0, paused: 0, waiting: 0, completed: 0, skipped: 0, failed: 0, cancelled: 0,
    bytesTotal: files, bytesDone: 0, speed: 0, etaSeconds: null, folder: 'a', firstName: 'x', sync: false, createdAt: 0, ...patch,
  };
}

describe('batch rows', () => {
  it('a small batch opens by itself, a big one is its header row until opened', () => {
    const layout = batchLayout([batch('small', 3), batch('big', 10_000)], {});
    expect(layout.count).toBe(1 + 3 + 1);
    expect(layout.rowAt(0)).toMatchObject({ kind: 'batch', expanded: true, batch: { batchId: 'small' } });
    expect(layout.rowAt(3)).toMatchObject({ kind: 'job', jobIndex: 2, batch: { batchId: 'small' } });
    expect(layout.rowAt(4)).toMatchObject({ kind: 'batch', expanded: false, batch: { batchId: 'big' } });
    expect(layout.rowAt(5)).toBeUndefined();
    expect(batchLayout([batch('edge', AUTO_EXPAND_FILES + 1)], {}).count).toBe(1);
  });

  it('the user’s toggles win; only the pages of the rows asked for are named', () => {
    const layout = batchLayout([batch('small', 3), batch('big', 10_000)], { small: false, big: true });
    expect(layout.count).toBe(1 + 1 + 10_000);
    expect(layout.rowAt(1)).toMatchObject({ kind: 'batch', batch: { batchId: 'big' } });
    expect(layout.rowAt(2 + BATCH_PAGE_SIZE)).toMatchObject({ kind: 'job', jobIndex: BATCH_PAGE_SIZE });
    expect(layout.pagesFor(0, 30)).toEqual([{ batchId: 'big', page: 0 }]);
    expect(layout.pagesFor(10_001 - 20, 10_001)).toEqual([{ batchId: 'big', page: 49 }]);
    expect(layout.pagesFor(BATCH_PAGE_SIZE - 5, BATCH_PAGE_SIZE + 5)).toEqual([{ batchId: 'big', page: 0 }, { batchId: 'big', page: 1 }]);
  });

  it('the bar follows the batch’s bytes, or its files when it has none', () => {
    expect(batchPercent(batch('b', 4, { bytesTotal: 200, bytesDone: 50 }))).toBe(25);
    expect(batchPercent(batch('e', 4, { bytesTotal: 0, completed: 1, skipped: 1 }))).toBe(50);
  });
});
