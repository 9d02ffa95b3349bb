/**
 * The direct body reader (src-main/providers/http-body-into.ts) against real
 * sockets on loopback: a server that answers plainly, and servers that
 * answer in every way the reader must not take for a body (an error, a
 * chunked body, another length, a head that is not HTTP, one that never
 * ends), cut the body short, send too much, or go silent. The reader must
 * deliver exactly the announced bytes in order or fail with a clear error,
 * hand unusual answers back unread, and never let a failure escape the
 * socket's callback.
 */
import { createHash, randomBytes } from 'node:crypto';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';

const stringMatching = (pattern: RegExp): unknown => expect.stringMatching(pattern);
import { getBodyInto, HttpBodyError, NOT_PLAIN, plainBodyVerdict, type BodySink } from '../../src-main/providers/http-body-into';

const servers: net.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

/** A raw TCP server: `answer` gets each connection and the request head it sent. */
async function rawServer(answer: (socket: net.Socket, head: string) => void): Promise<URL> {
  const server = net.createServer((socket) => {
    let head = '';
    socket.on('error', () => undefined);
    socket.on('data', (chunk) => {
      if (head.includes('\r\n\r\n')) return;
      head += chunk.toString('latin1');
      if (head.includes('\r\n\r\n')) answer(socket, head);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return new URL(`http://127.0.0.1:${(server.address() as net.AddressInfo).port}/v1/object/download?objectID=1`);
}

function plainHead(length: number, extra = ''): string {
  return `HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\ncontent-length: ${length}\r\n${extra}\r\n`;
}

/** A sink collecting what it gets, through a small buffer; every `pauseEvery`-th report waits a little (the reader must wait too). */
function collectingSink(spaceBytes = 64 * 1024, pauseEvery = 0): BodySink & { bytes(): Buffer; reports: number } {
  const space = Buffer.alloc(spaceBytes);
  const parts: Buffer[] = [];
  let waiting = false;
  const sink = {
    reports: 0,
    space: () => space,
    received(bytes: Buffer): void | Promise<void> {
      if (waiting) throw new Error('reported while the sink had asked to wait');
      if (bytes.buffer !== space.buffer || bytes.byteOffset !== space.byteOffset) throw new Error('bytes are not at the start of the space given');
      parts.push(Buffer.from(bytes));
      sink.reports++;
      if (pauseEvery > 0 && sink.reports % pauseEvery === 0) {
        waiting = true;
        return new Promise<void>((resolve) => setTimeout(resolve, 2)).then(() => {
          waiting = false;
        });
      }
    },
    bytes: () => Buffer.concat(parts),
  };
  return sink;
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('getBodyInto', () => {
  it('delivers a plain body exactly and in order, into the sink\'s buffers, waiting whenever the sink asks', async () => {
    const body = randomBytes(3 * 1024 * 1024 + 17);
    let request = '';
    const url = await rawServer((socket, head) => {
      request = head;
      socket.write(plainHead(body.length));
      // In uneven pieces, so reads straddle the head and the body in every way.
      for (let at = 0; at < body.length; at += 70_001) socket.write(body.subarray(at, at + 70_001));
      socket.end();
    });
    const sink = collectingSink(64 * 1024, 3);
    await expect(getBodyInto(url, { authorization: 'AWS4-HMAC-SHA256 x' }, body.length, sink, { idleTimeoutMs: 5000 })).resolves.toBeUndefined();
    expect(sha(sink.bytes())).toBe(sha(body));
    expect(request).toMatch(/^GET \/v1\/object\/download\?objectID=1 HTTP\/1\.1\r\n/);
    expect(request).toContain('\r\nauthorization: AWS4-HMAC-SHA256 x\r\n');
    expect(request).toContain('\r\nconnection: close\r\n');
  });

  it('takes a body that came in the same packet as the head, and an empty body', async () => {
    const small = Buffer.from('tiny body');
    const url = await rawServer((socket) => socket.end(Buffer.concat([Buffer.from(plainHead(small.length)), small])));
    const sink = collectingSink();
    await getBodyInto(url, {}, small.length, sink, { idleTimeoutMs: 5000 });
    expect(sink.bytes().toString()).toBe('tiny body');

    const emptyUrl = await rawServer((socket) => socket.end(plainHead(0)));
    const empty = collectingSink();
    await getBodyInto(emptyUrl, {}, 0, empty, { idleTimeoutMs: 5000 });
    expect(empty.reports).toBe(0);
  });

  it.each([
    ['an error envelope', 'HTTP/1.1 404 Not Found\r\ncontent-type: application/json\r\ncontent-length: 35\r\n\r\n{"code":"DataNotFound","message":""}'],
    ['a chunked body', 'HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\ntransfer-encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n'],
    ['another length', plainHead(4) + 'four'],
    ['two content lengths', 'HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\ncontent-length: 5\r\ncontent-length: 5\r\n\r\nhello'],
    ['JSON where bytes were asked for', 'HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 5\r\n\r\nhello'],
    ['a redirect', 'HTTP/1.1 302 Found\r\nlocation: http://elsewhere.example/\r\ncontent-length: 0\r\n\r\n'],
  ])('hands back %s unread (NOT_PLAIN), delivering nothing', async (_name, answer) => {
    const url = await rawServer((socket) => socket.end(answer));
    const sink = collectingSink();
    await expect(getBodyInto(url, {}, 5, sink, { idleTimeoutMs: 5000 })).resolves.toBe(NOT_PLAIN);
    expect(sink.reports).toBe(0);
  });

  it('fails, retryably, when the body breaks off; ends at the announced length when the server sends more', async () => {
    const cut = await rawServer((socket) => socket.end(plainHead(100) + 'x'.repeat(40)));
    const error = await getBodyInto(cut, {}, 100, collectingSink(), { idleTimeoutMs: 5000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpBodyError);
    expect(error).toMatchObject({ stage: 'body', retryable: true });
    expect((error as Error).message).toMatch(/broke off after 40 of 100 bytes/);

    const long = await rawServer((socket) => socket.end(plainHead(10) + '0123456789' + 'EXTRA BYTES A HOSTILE SERVER ADDS'));
    const sink = collectingSink();
    await getBodyInto(long, {}, 10, sink, { idleTimeoutMs: 5000 });
    expect(sink.bytes().toString()).toBe('0123456789');
  });

  it('refuses a head that is not HTTP, or never ends, without retrying', async () => {
    const garbage = await rawServer((socket) => socket.end('SSH-2.0-OpenSSH\r\n\r\n'));
    await expect(getBodyInto(garbage, {}, 5, collectingSink(), { idleTimeoutMs: 5000 })).rejects.toMatchObject({ stage: 'answer', retryable: false, message: stringMatching(/does not start like HTTP/) });

    const endless = await rawServer((socket) => socket.write('HTTP/1.1 200 OK\r\n' + 'x-filler: y\r\n'.repeat(3000)));
    await expect(getBodyInto(endless, {}, 5, collectingSink(), { idleTimeoutMs: 5000 })).rejects.toMatchObject({ stage: 'answer', retryable: false, message: stringMatching(/head is longer than/) });
  });

  it('fails retryably when nothing listens, or the server goes silent', async () => {
    const closed = await rawServer(() => undefined);
    servers.pop()!.close();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await expect(getBodyInto(closed, {}, 5, collectingSink(), { idleTimeoutMs: 5000 })).rejects.toMatchObject({ stage: 'connect', retryable: true, message: stringMatching(/ECONNREFUSED/) });

    const silent = await rawServer((socket) => socket.write(plainHead(100) + 'half'));
    await expect(getBodyInto(silent, {}, 100, collectingSink(), { idleTimeoutMs: 300 })).rejects.toMatchObject({ stage: 'body', retryable: true, message: stringMatching(/did not respond for 0 s/) });
  });

  it('stops at once when cancelled, with an AbortError', async () => {
    const controller = new AbortController();
    const url = await rawServer((socket) => {
      socket.write(plainHead(10_000_000) + 'start');
      setTimeout(() => controller.abort(), 50);
    });
    const error = await getBodyInto(url, {}, 10_000_000, collectingSink(), { idleTimeoutMs: 5000, signal: controller.signal }).catch((e: unknown) => e);
    expect((error as Error).name).toBe('AbortError');
  });

  it("ends the read with the sink's own error, thrown or rejected, and the process goes on", async () => {
    const body = randomBytes(512 * 1024);
    const url = await rawServer((socket) => socket.end(Buffer.concat([Buffer.from(plainHead(body.length)), body])));
    const throwing: BodySink = { space: () => Buffer.alloc(64 * 1024), received: () => { throw new Error('disk says no'); } };
    await expect(getBodyInto(url, {}, body.length, throwing, { idleTimeoutMs: 5000 })).rejects.toThrow('disk says no');
    const rejecting: BodySink = { space: () => Buffer.alloc(64 * 1024), received: () => Promise.reject(Object.assign(new Error('no space left'), { code: 'ENOSPC' })) };
    await expect(getBodyInto(url, {}, body.length, rejecting, { idleTimeoutMs: 5000 })).rejects.toMatchObject({ code: 'ENOSPC' });
  });

  it('sends no header holding a line break, and reads plain http only', async () => {
    const url = await rawServer((socket) => socket.end(plainHead(0)));
    await expect(getBodyInto(url, { 'x-injected': 'a\r\nx-evil: 1' }, 0, collectingSink(), { idleTimeoutMs: 5000 })).rejects.toThrow(/line break/);
    await expect(getBodyInto(new URL('https://127.0.0.1:1/x'), {}, 0, collectingSink(), { idleTimeoutMs: 5000 })).rejects.toThrow(/plain http only/);
  });
});

describe('plainBodyVerdict', () => {
  it('takes only 200, octet-stream, one exact content length, no transfer coding', () => {
    expect(plainBodyVerdict('HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream; x=y\r\nContent-Length: 7', 7)).toBe('plain');
    expect(plainBodyVerdict('HTTP/1.0 200 OK\r\ncontent-type: application/octet-stream\r\ncontent-length: 7', 7)).toBe('plain');
    expect(plainBodyVerdict('HTTP/1.1 206 Partial\r\ncontent-type: application/octet-stream\r\ncontent-length: 7', 7)).toBe('not plain');
    expect(plainBodyVerdict('HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\ncontent-length: 7e0', 7)).toBe('not plain');
    expect(plainBodyVerdict('HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\ncontent-length: -7', 7)).toBe('not plain');
    expect(plainBodyVerdict('HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream', 7)).toBe('not plain');
    expect(plainBodyVerdict('HTTP/1.1 200 OK\r\nno colon here', 7)).toMatch(/malformed header line/);
    expect(plainBodyVerdict('HTTP/2 200', 7)).toMatch(/does not start like HTTP/);
  });
});
