/**
 * A large file to the embedded storage node goes up one part's bytes at a
 * time, in order, each part's bytes starting as soon as the previous part's
 * have left and before that part is acknowledged (its sync and commit overlap
 * the next part's bytes instead of every part waiting on its sync at once);
 * the stored object carries the file's SHA-256. A real core with its embedded
 * node; the provider's putPart is only observed.
 */
import { createHash, randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppCore } from '../../src-main/core/app-core';
import type { UploadBody } from '../../src-main/providers/storage-provider';
import { callOk, openCore, recordEvents, waitFor } from '../helpers/core';
import { makeTempDir } from '../helpers/temp-dir';

const MiB = 1024 * 1024;

describe('multipart upload to the embedded node', () => {
  let core: AppCore | undefined;
  let temp: Awaited<ReturnType<typeof makeTempDir>> | undefined;

  afterEach(async () => {
    await core?.close();
    await temp?.remove();
    core = temp = undefined;
  });

  it('sends the parts one after another, each acknowledged while the next is sent, and stores the file hash', async () => {
    temp = await makeTempDir('jcs-local-parts');
    core = await openCore(join(temp.path, 'app'));
    const bucket = await callOk(core, 'roots.create', { connectionId: 'local', parentId: null, name: 'b' });
    const root = await callOk(core, 'roots.create', { connectionId: 'local', parentId: bucket.id, name: 'p' });
    const content = randomBytes(40 * MiB + 5);
    const file = join(temp.path, 'big.bin');
    await writeFile(file, content);

    // Observe when each part's bytes are first and last read, and when the part is acknowledged.
    const moments: Array<{ part: number; what: 'first byte' | 'last byte' | 'acknowledged'; at: number }> = [];
    const multipart = core.deps.connections.provider('local').multipart!;
    const putPart = multipart.putPart.bind(multipart);
    multipart.putPart = async (handle, index, body: UploadBody, options) => {
      const observed: UploadBody = Buffer.isBuffer(body)
        ? body
        : {
            size: body.size,
            async *open() {
              let first = true;
              for await (const chunk of body.open()) {
                if (first) moments.push({ part: index, what: 'first byte', at: performance.now() });
                first = false;
                yield chunk;
              }
              moments.push({ part: index, what: 'last byte', at: performance.now() });
            },
          };
      await putPart(handle, index, observed, options);
      moments.push({ part: index, what: 'acknowledged', at: performance.now() });
    };

    const events = recordEvents(core);
    const { batchId } = await callOk(core, 'transfers.uploadPaths', { connectionId: 'local', root: root.id, targetFolder: '', paths: [file], conflict: 'overwrite' });
    const finished = await waitFor('the batch to finish', () => events.of('transfers.batchFinished').find((b) => b.batchId === batchId), 60_000);
    expect(finished).toMatchObject({ completed: 1, failed: 0 });

    const parts = [...new Set(moments.map((m) => m.part))];
    expect(parts.length).toBeGreaterThanOrEqual(3);
    const at = (part: number, what: string) => moments.find((m) => m.part === part && m.what === what)!.at;
    // In order, and never two parts' bytes at once.
    expect(moments.filter((m) => m.what === 'first byte').map((m) => m.part)).toEqual([...parts].sort((a, b) => a - b));
    for (let i = 1; i < parts.length; i++) expect(at(parts[i]!, 'first byte')).toBeGreaterThanOrEqual(at(parts[i - 1]!, 'last byte'));
    // The next part's bytes went before the previous part was acknowledged (its sync and commit overlapped them).
    const overlapped = parts.slice(1).filter((part, i) => at(part, 'first byte') < at(parts[i]!, 'acknowledged'));
    expect(overlapped.length).toBeGreaterThan(0);

    const listed = await callOk(core, 'objects.list', { connectionId: 'local', root: root.id, prefix: '' });
    const object = listed.entries.find((o) => o.path === 'big.bin');
    expect(object?.hash?.value).toBe(createHash('sha256').update(content).digest('hex'));
  }, 90_000);
});
