/**
 * What the core says when the thing a request names is not there: a code and
 * words a user can read, never the internal id the request carried (a
 * connection's, a transfer's, a sync task's, a publish job's). The ids used
 * here are distinctive so that any echo of them is caught.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppCore } from '../../src-main/core/app-core';
import { callErr, openCore } from '../helpers/core';
import { makeTempDir } from '../helpers/temp-dir';

const ID = 'zq7Missing42';

describe('not-found messages', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let core: AppCore;

  beforeAll(async () => {
    temp = await makeTempDir('jcs-no-ids');
    core = await openCore(temp.path);
  });

  afterAll(async () => {
    await core?.close();
    await temp?.remove();
  });

  it.each([
    ['roots.list', { connectionId: ID, parentId: null }, 'the connection no longer exists'],
    ['transfers.resolveConflict', { jobId: ID, resolution: 'skip', applyToAll: false }, 'the transfer no longer exists'],
    ['sync.runNow', { id: ID }, 'the sync task no longer exists'],
    ['publish.get', { id: ID }, 'the publish job no longer exists'],
  ])('%s names what is missing without its id', async (name, input, words) => {
    const error = await callErr(core, name, input);
    expect(error.code).toBe('NotFound');
    expect(error.message).toContain(words);
    expect(error.message).not.toContain(ID);
  });
});
