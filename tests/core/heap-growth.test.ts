/**
 * limitHeapGrowth (heap-growth.ts): set once the process runs, the setting
 * takes effect, and a heap making mid-lived garbage (what a first sync makes)
 * grows much less far past what is live. Each case runs in a fresh process:
 * the setting holds for the whole process.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const MODULE = resolve(__dirname, '../../src-main/core/heap-growth.ts');

/** ~40 MB live, then batches of objects kept for a while (they reach the old generation) and let go. */
const WORKLOAD = `
const live = [];
for (let i = 0; i < 300000; i++) live.push({ a: 'x' + i, b: i, c: [i] });
const kept = [];
let max = 0;
for (let r = 0; r < 8000; r++) {
  const batch = [];
  for (let i = 0; i < 1000; i++) batch.push({ path: 'folder/' + r + '/' + i, size: i, local: { mtime: i } });
  kept.push(batch);
  if (kept.length > 150) kept.shift();
  max = Math.max(max, process.memoryUsage().heapTotal);
}
console.log(JSON.stringify({ maxHeapMb: max / 1048576, live: live.length }));
`;

function maxHeapMb(limit: boolean): number {
  const dir = mkdtempSync(join(tmpdir(), 'heap-growth-'));
  try {
    const script = join(dir, 'run.mts');
    writeFileSync(script, `${limit ? `import { limitHeapGrowth } from ${JSON.stringify(MODULE)};\nlimitHeapGrowth();\n` : ''}${WORKLOAD}`);
    const run = spawnSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8', cwd: resolve(__dirname, '../..'), timeout: 60_000 });
    if (run.status !== 0) throw new Error(`the workload failed: ${run.stderr}`);
    return (JSON.parse(run.stdout.trim().split('\n').pop()!) as { maxHeapMb: number }).maxHeapMb;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('limitHeapGrowth', () => {
  it('keeps the heap much closer to what is live than V8 does by default', () => {
    const unlimited = maxHeapMb(false);
    const limited = maxHeapMb(true);
    expect(unlimited).toBeGreaterThan(130); // the default lets this workload's heap grow far past its ~60–90 MB live
    expect(limited).toBeLessThan(unlimited * 0.8);
  }, 120_000);
});
