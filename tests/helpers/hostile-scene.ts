/**
 * The place a hostile test writes into, and the proof it wrote nowhere else:
 * `target` sits three folders deep (`outer/a/b/target`) so that paths like
 * `../../../tmp/x` still land inside the test's own temp folder; a canary
 * file sits next to the target (`outer/a/b/victim.txt`, the file `../victim.txt`
 * names); `unchangedOutside()` compares everything under `outer` except the
 * target with the snapshot taken at the start (canary bytes, no new file or
 * folder anywhere, no link).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { snapshotTree, type TreeSnapshot } from './tree-snapshot';

export const CANARY = 'the canary: nothing may touch this file\n';

export interface HostileScene {
  outer: string;
  target: string;
  canary: string;
  /** Takes a new "before" picture (after the test arranged things outside on purpose). */
  rebase(): void;
  /** Asserts that nothing outside the target changed since the snapshot. */
  unchangedOutside(): void;
}

export function hostileScene(root: string): HostileScene {
  const outer = join(root, 'outer');
  const target = join(outer, 'a', 'b', 'target');
  const canary = join(outer, 'a', 'b', 'victim.txt');
  mkdirSync(target, { recursive: true });
  writeFileSync(canary, CANARY);
  let before: TreeSnapshot = snapshotTree(outer, [target]);
  return {
    outer,
    target,
    canary,
    rebase() {
      before = snapshotTree(outer, [target]);
    },
    unchangedOutside() {
      expect(readFileSync(canary, 'utf8')).toBe(CANARY);
      expect(snapshotTree(outer, [target])).toEqual(before);
    },
  };
}
