/**
 * The core's browser downloads (what headless mode's download routes carry)
 * over providers that are not JCS: whether bytes count as verified follows
 * the provider's capabilities — a trusted hash the entry has — not the format
 * of some service field; requireVerifiedDownloads refuses what cannot be
 * checked before it is read; a provider whose bytes do not match the hash it
 * vouches for gets its download cut short (the body fails, the last chunk
 * never leaves); zips leave out what is still being uploaded and say what
 * is not verified.
 */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { openFolderDownload, openObjectDownload, type BrowserDownload } from '../../src-main/core/browser-downloads/browser-download';
import { SINGLE_ROOT, type StorageProvider } from '../../src-main/providers/storage-provider';
import { MemoryProvider, type MemoryProviderOptions } from '../helpers/memory-provider/memory-provider';
import { readStoredZip } from '../helpers/stored-zip';
import { textBody } from '../providers/provider-test-kit';

const TRUSTED = { algorithm: 'sha256', trusted: true } as const;
const UNTRUSTED = { algorithm: 'sha256', trusted: false } as const;

async function memory(options: MemoryProviderOptions, files: Record<string, string>): Promise<MemoryProvider> {
  const provider = new MemoryProvider(options);
  await provider.put(SINGLE_ROOT, Object.entries(files).map(([path, text]) => ({ path, body: textBody(text) })));
  return provider;
}

function deps(provider: StorageProvider, requireVerified = false) {
  return { provider: () => provider, requireVerified: () => requireVerified };
}

/** The body to its end, or how it failed and how much had come out by then. */
async function drain(download: BrowserDownload): Promise<{ bytes: Buffer; error?: Error }> {
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of download.body as AsyncIterable<Buffer>) chunks.push(Buffer.from(chunk));
    return { bytes: Buffer.concat(chunks) };
  } catch (error) {
    return { bytes: Buffer.concat(chunks), error: error as Error };
  }
}

/** The provider, except that reads of `path` come back with their first byte changed. */
function damaging(provider: StorageProvider, path: string): StorageProvider {
  return new Proxy(provider, {
    get(target, key, receiver) {
      if (key !== 'read') return Reflect.get(target, key, receiver) as unknown;
      return async (...args: Parameters<StorageProvider['read']>) => {
        const result = await target.read(...args);
        if (args[1].path !== path) return result;
        const chunks: Buffer[] = [];
        for await (const chunk of result.stream as AsyncIterable<Buffer>) chunks.push(Buffer.from(chunk));
        const bytes = Buffer.concat(chunks);
        bytes[0] = bytes[0]! ^ 0xff;
        return { stream: Readable.from([bytes]), length: result.length };
      };
    },
  });
}

describe('openObjectDownload', () => {
  it('is verified only by a hash the provider trusts', async () => {
    for (const [hash, verified] of [[TRUSTED, true], [UNTRUSTED, false], [null, false]] as const) {
      const provider = await memory({ hash }, { 'a.txt': 'alpha' });
      const download = await openObjectDownload(deps(provider), { connectionId: 'm', root: SINGLE_ROOT, path: 'a.txt' });
      expect(download).toMatchObject({ fileName: 'a.txt', length: 5, verified });
      expect((await drain(download)).bytes.toString()).toBe('alpha');
    }
  });

  it('with requireVerifiedDownloads, refuses what cannot be checked before reading it', async () => {
    const provider = await memory({ hash: UNTRUSTED }, { 'a.txt': 'alpha' });
    let reads = 0;
    const counting = new Proxy(provider, {
      get(target, key, receiver) {
        if (key !== 'read') return Reflect.get(target, key, receiver) as unknown;
        return (...args: Parameters<StorageProvider['read']>) => {
          reads++;
          return target.read(...args);
        };
      },
    });
    await expect(openObjectDownload(deps(counting, true), { connectionId: 'm', root: SINGLE_ROOT, path: 'a.txt' })).rejects.toMatchObject({ code: 'UnverifiableHash' });
    expect(reads).toBe(0);
    const trusted = await memory({ hash: TRUSTED }, { 'a.txt': 'alpha' });
    expect((await openObjectDownload(deps(trusted, true), { connectionId: 'm', root: SINGLE_ROOT, path: 'a.txt' })).verified).toBe(true);
  });

  it('cuts the body short when the bytes do not match the trusted hash', async () => {
    const provider = damaging(await memory({ hash: TRUSTED }, { 'a.txt': 'alpha bytes' }), 'a.txt');
    const download = await openObjectDownload(deps(provider), { connectionId: 'm', root: SINGLE_ROOT, path: 'a.txt' });
    const { bytes, error } = await drain(download);
    expect(error).toMatchObject({ code: 'HashMismatch' });
    expect(bytes.length).toBeLessThan(11);
  });

  it('acts on the object asked for: another ref at the path, or nothing there, is DataNotFound', async () => {
    const provider = await memory({}, { 'a.txt': 'alpha', 'b.txt': 'beta' });
    const [b] = (await provider.listFolder(SINGLE_ROOT, '')).entries.filter((e) => e.path === 'b.txt');
    await expect(openObjectDownload(deps(provider), { connectionId: 'm', root: SINGLE_ROOT, path: 'a.txt', ref: b!.ref! })).rejects.toMatchObject({ code: 'DataNotFound' });
    await expect(openObjectDownload(deps(provider), { connectionId: 'm', root: SINGLE_ROOT, path: 'gone.txt' })).rejects.toMatchObject({ code: 'DataNotFound' });
    expect((await drain(await openObjectDownload(deps(provider), { connectionId: 'm', root: SINGLE_ROOT, path: 'b.txt', ref: b!.ref! }))).bytes.toString()).toBe('beta');
  });
});

describe('openFolderDownload', () => {
  it('zips a folder, reporting what is not verified when the hash is not trusted', async () => {
    const provider = await memory({ folders: 'prefix', hash: UNTRUSTED }, { 'docs/a.txt': 'alpha', 'docs/sub/b.txt': 'beta', 'other.txt': 'x' });
    const download = await openFolderDownload(deps(provider), { connectionId: 'm', root: SINGLE_ROOT, prefix: 'docs/' });
    expect(download).toMatchObject({ fileName: 'docs.zip', verified: false });
    const entries = readStoredZip((await drain(download)).bytes);
    expect([...entries.keys()].sort()).toEqual(['docs - download report.txt', 'docs/a.txt', 'docs/sub/b.txt']);
    expect(entries.get('docs/sub/b.txt')!.toString()).toBe('beta');
    expect(entries.get('docs - download report.txt')!.toString()).toMatch(/not verified[^\n]*\n {2}'docs\/a\.txt'\n {2}'docs\/sub\/b\.txt'/);
  });

  it("zips a whole space under its name, verified when the hash is trusted, leaving out unfinished uploads and the adapter's own folders", async () => {
    const spaces = new MemoryProvider({ folders: 'prefix', hash: TRUSTED, spaces: true });
    const root = (await spaces.createRoot!(null, 'photos')).id;
    await spaces.put(root, ['a.txt', 'b.txt', '.staging/x.part'].map((path) => ({ path, body: textBody(path) })));
    // A service that lists b.txt as still being written, and keeps its own files under .staging/.
    const capabilities = { ...spaces.capabilities, reservedPrefixes: ['.staging/'] };
    const provider = new Proxy(spaces, {
      get(target, key, receiver) {
        if (key === 'capabilities') return capabilities;
        if (key !== 'listFolder') return Reflect.get(target, key, receiver) as unknown;
        return async (...args: Parameters<StorageProvider['listFolder']>) => {
          const page = await target.listFolder(...args);
          return { ...page, entries: page.entries.map((e) => (e.path === 'b.txt' ? { ...e, pending: true } : e)) };
        };
      },
    });
    const download = await openFolderDownload(deps(provider), { connectionId: 'm', root, prefix: '' });
    expect(download).toMatchObject({ fileName: 'photos.zip', verified: true });
    expect([...readStoredZip((await drain(download)).bytes).keys()]).toEqual(['photos/a.txt']);
  });
});
