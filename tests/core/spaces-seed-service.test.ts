/**
 * Imports and exports on a JCS-pub service that has only the seed's routes:
 * it ignores our `async: true`, says nothing until the work is done, then
 * answers `{package}` (createPackage) or null (downloadPackage), and has no
 * list, listPath or job routes (HTTP 404 "404 page not found", as Go's router
 * answers). No such service runs here, so a loopback HTTP server plays it,
 * answering when the test releases it. Through the real JCS provider and the
 * core's SpacesService: the long silence does not cut the call off, the work
 * shows as a running job this app tracks and then as done, and a missing
 * extension route is `Unsupported`, naming the route.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { AppError, AppErrorCode } from '@shared/contract/define';
import { SpacesService } from '../../src-main/core/spaces/spaces-service';
import { JcsProvider } from '../../src-main/providers/jcs/jcs-provider';
import { ProviderErrorCode, ProviderTransportError } from '../../src-main/providers/provider-errors';
import type { StorageProvider } from '../../src-main/providers/storage-provider';
import { MemoryProvider } from '../helpers/memory-provider/memory-provider';
import { providerError } from '../providers/provider-test-kit';

/** The client gives up on a silent request after this long (the app's is 60 s). */
const IDLE_MS = 150;
/** The seed-only service stays silent this long before answering an import or export. */
const SILENCE_MS = IDLE_MS * 4;

interface Held {
  route: string;
  body: Record<string, unknown>;
}

const seen: Held[] = [];
let answerNow: Array<() => void> = [];
let server: http.Server;
let baseUrl: string;

const seedPackage = { packageID: 32, name: 'imported', bucketID: 3, createTime: '2026-12-04T16:31:28.5148754+08:00' };

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString()));
    req.on('end', () => {
      const route = (req.url ?? '').split('?')[0]!;
      const answer = (data: unknown) => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ code: 'OK', message: '', data }));
      };
      if (route === '/v1/userSpace/createPackage' || route === '/v1/userSpace/downloadPackage') {
        seen.push({ route, body: JSON.parse(text) as Record<string, unknown> });
        const reply = () => answer(route.endsWith('createPackage') ? { package: seedPackage } : null);
        answerNow.push(reply);
        setTimeout(reply, SILENCE_MS).unref();
        return;
      }
      if (route === '/v1/userSpace/listPath') return; // never answers: the client's usual idle timeout applies
      res.statusCode = 404;
      res.setHeader('content-type', 'text/plain');
      res.end('404 page not found');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(() => {
  seen.length = 0;
  answerNow = [];
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function provider(): StorageProvider {
  return new JcsProvider({ baseUrl, idleTimeoutMs: IDLE_MS });
}

describe('the JCS provider on a seed-only service', () => {
  it('waits out an import that answers only when done, asking for a job it does not get', async () => {
    const p = provider();
    try {
      const started = await p.userSpaces!.importPath(1, 'photos', 'b3', 'imported');
      expect(started).toEqual({ kind: 'done', packageRoot: 'p32' });
      expect(seen).toEqual([{ route: '/v1/userSpace/createPackage', body: { userSpaceID: 1, path: 'photos', bucketID: 3, name: 'imported', spaceAffinity: null, async: true } }]);
      const exported = await p.userSpaces!.exportPackage(1, 'p32', 'out');
      expect(exported).toEqual({ kind: 'done', packageRoot: null });
    } finally {
      p.close();
    }
  });

  it('other calls keep the usual idle timeout (the import above outlasted it)', async () => {
    const p = provider();
    try {
      const error = await p.userSpaces!.listPath(1, '').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ProviderTransportError);
      expect((error as Error).message).toMatch(/did not respond/);
    } finally {
      p.close();
    }
  });

  it('a missing extension route is Unsupported, naming it; a missing job list is no jobs', async () => {
    const p = provider();
    try {
      const error = await providerError(p.userSpaces!.list(), ProviderErrorCode.Unsupported);
      expect(error.message).toContain('/userSpace/list');
      await providerError(p.userSpaces!.tasks(), ProviderErrorCode.Unsupported);
      expect(await p.userSpaces!.jobs()).toEqual([]);
    } finally {
      p.close();
    }
  });

  it('refuses malformed input before sending anything', async () => {
    const p = provider();
    try {
      await providerError(p.userSpaces!.importPath(1, '../etc', 'b3', 'x'), ProviderErrorCode.InvalidInput);
      await providerError(p.userSpaces!.importPath(1, 'a', 'p3', 'x'), ProviderErrorCode.InvalidInput);
      await providerError(p.userSpaces!.importPath(1, 'a', 'b3', 'bad/name'), ProviderErrorCode.InvalidInput);
      await providerError(p.userSpaces!.exportPackage(1, 'b3', ''), ProviderErrorCode.InvalidInput);
      expect(seen).toEqual([]);
    } finally {
      p.close();
    }
  });
});

describe('SpacesService on a seed-only service', () => {
  it('shows work the service does before answering as a running job this app tracks, then done with the package', async () => {
    const p = provider();
    try {
      const spaces = new SpacesService({ provider: () => p }, IDLE_MS / 3);
      const job = await spaces.import('remote', 1, 'photos', 'b3', 'imported');
      expect(job).toMatchObject({ kind: 'import', state: 'running', tracking: 'app', spaceId: 1, path: 'photos', bucketRoot: 'b3', packageRoot: null, name: 'imported' });
      expect((await spaces.jobs('remote')).map((j) => [j.id, j.state])).toEqual([[job.id, 'running']]);
      await vi.waitFor(async () => expect((await spaces.jobs('remote'))[0]).toMatchObject({ id: job.id, state: 'done', packageRoot: 'p32' }), { timeout: 10_000 });
    } finally {
      p.close();
    }
  });

  it('a failure after the wait is the job failing with the reason', async () => {
    const p = provider();
    const spaces = new SpacesService({ provider: () => p }, IDLE_MS / 3);
    const job = await spaces.export('remote', 1, 'p32', 'out');
    expect(job).toMatchObject({ state: 'running', tracking: 'app' });
    p.close(); // the connection goes away before the service answers
    await vi.waitFor(async () => expect((await spaces.jobs('remote'))[0]).toMatchObject({ id: job.id, state: 'failed', error: { code: AppErrorCode.ConnectionFailed } }), { timeout: 10_000 });
  });

  it('a connection without user spaces says so', async () => {
    const memory = new MemoryProvider();
    const spaces = new SpacesService({ provider: () => memory });
    await expect(spaces.list('mem')).rejects.toThrow(AppError);
    await expect(spaces.list('mem')).rejects.toMatchObject({ code: AppErrorCode.Unsupported });
  });
});
