import { describe, expect, it } from 'vitest';
import type { ClipboardItems } from './clipboard-store';
import { pasteProblem } from './paste-problem';

const items = (over: Partial<ClipboardItems> = {}): ClipboardItems => ({
  mode: 'copy',
  connectionId: 'local',
  root: 'p1',
  folder: 'a/',
  targets: [{ type: 'folder', prefix: 'a/sub/' }, { type: 'object', path: 'a/x.txt' }],
  subject: '2 items',
  ...over,
});
const here = { connectionId: 'local', root: 'p1', folder: 'b/' };
const across = { moveAcrossRoots: true, copyAcrossRoots: true };

describe('pasteProblem', () => {
  it('pastes into another folder of the same root, and across roots where the service can', () => {
    expect(pasteProblem(items(), here, across)).toBeUndefined();
    expect(pasteProblem(items({ mode: 'move' }), { ...here, root: 'p2' }, across)).toBeUndefined();
    // A copy into its own folder is fine: the operation asks about the names taken (keep both...).
    expect(pasteProblem(items(), { ...here, folder: 'a/' }, across)).toBeUndefined();
  });

  it('says why it cannot', () => {
    expect(pasteProblem(null, here, across)).toEqual({ key: 'empty' });
    expect(pasteProblem(items({ targets: [] }), here, across)).toEqual({ key: 'empty' });
    expect(pasteProblem(items(), { ...here, connectionId: 'other' }, across)).toEqual({ key: 'otherConnection' });
    expect(pasteProblem(items({ mode: 'move' }), { ...here, root: 'p2' }, { ...across, moveAcrossRoots: false })).toEqual({ key: 'otherRoot', mode: 'move' });
    expect(pasteProblem(items({ mode: 'move' }), { ...here, folder: 'a/' }, across)).toEqual({ key: 'sameFolder' });
    expect(pasteProblem(items(), { ...here, folder: 'a/sub/' }, across)).toEqual({ key: 'intoItself' });
    expect(pasteProblem(items(), { ...here, folder: 'a/sub/deeper/' }, across)).toEqual({ key: 'intoItself' });
  });
});
