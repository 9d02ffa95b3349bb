/**
 * Reads Crust storage orders from a chain node over JSON-RPC 2.0: by HTTP(S)
 * POST, or over a WebSocket (ws/wss, Crust's public endpoints). Two calls are
 * all it needs: `state_getStorage(key of market.filesV2(cid))` (null: no
 * order) and `chain_getHeader` (the best block number, hex). Every failure is
 * a PublishEndpointError naming the endpoint; malformed chain data is a
 * BadResponse with the decoder's reason, never a crash.
 */
import { hexToU8a, isHex } from '@polkadot/util';
import WebSocket from 'ws';
import { z } from 'zod';
import { endpointLabel, PublishEndpointError } from '../publish-endpoint-error';
import { openCall, readJsonAnswer, failureOf, type EndpointCall } from '../endpoint-http';
import { filesV2StorageKey } from './chain-storage-key';
import { ChainDataError, decodeFileInfoV2, type CrustFileInfo } from './file-info-v2';

const rpcAnswer = z.object({
  jsonrpc: z.literal('2.0'),
  id: z.number(),
  result: z.unknown().optional(),
  error: z.object({ code: z.number(), message: z.string() }).optional(),
});

const SERVICE = 'Crust chain';

export class CrustChainClient {
  private readonly url: URL;
  private readonly endpoint: string;
  private readonly timeoutMs: number;
  private nextId = 1;

  constructor(options: { url: string; timeoutMs?: number }) {
    let url: URL;
    try {
      url = new URL(options.url);
    } catch {
      throw new Error(`chain RPC: not a valid URL: '${options.url}'`);
    }
    if (!['http:', 'https:', 'ws:', 'wss:'].includes(url.protocol)) throw new Error(`chain RPC: the URL must be http(s) or ws(s): '${options.url}'`);
    this.url = url;
    this.endpoint = endpointLabel(url);
    this.timeoutMs = options.timeoutMs ?? 20_000;
  }

  /** The order of `cid`, or null when the chain has none. */
  async fileInfo(cid: string, options: { signal?: AbortSignal } = {}): Promise<CrustFileInfo | null> {
    const result = await this.call('state_getStorage', [filesV2StorageKey(cid)], options.signal);
    if (result === null || result === undefined) return null;
    if (typeof result !== 'string' || !isHex(result)) throw this.bad(`state_getStorage answered ${JSON.stringify(result).slice(0, 80)}, not hex bytes`);
    try {
      return decodeFileInfoV2(hexToU8a(result));
    } catch (error) {
      if (error instanceof ChainDataError) throw this.bad(`the order record of ${cid} cannot be read: ${error.message}`);
      throw error;
    }
  }

  async bestBlock(options: { signal?: AbortSignal } = {}): Promise<number> {
    const header = await this.call('chain_getHeader', [], options.signal);
    const number = (header as { number?: unknown } | null)?.number;
    if (typeof number !== 'string' || !/^0x[0-9a-f]{1,8}$/i.test(number)) throw this.bad(`chain_getHeader answered no block number (${JSON.stringify(number ?? null)})`);
    return Number.parseInt(number.slice(2), 16);
  }

  close(): void {
    this.socket?.terminate();
    this.socket = undefined;
  }

  private async call(method: string, params: unknown[], signal?: AbortSignal): Promise<unknown> {
    const id = this.nextId++;
    const request = { jsonrpc: '2.0', id, method, params };
    const answer = this.url.protocol.startsWith('ws') ? await this.overSocket(request, signal) : await this.overHttp(request, method, signal);
    if (answer.id !== id) throw this.bad(`answered request ${answer.id} to request ${id}`);
    if (answer.error) throw new PublishEndpointError('Refused', this.endpoint, `${SERVICE} at ${this.endpoint} refused ${method}: ${answer.error.message} (${answer.error.code})`, false);
    return answer.result;
  }

  private async overHttp(request: { id: number; method: string }, method: string, signal?: AbortSignal): Promise<z.output<typeof rpcAnswer>> {
    const call: EndpointCall = { method: 'POST', url: this.url, service: SERVICE, endpoint: this.endpoint, route: method, json: request, timeoutMs: this.timeoutMs, signal };
    const res = await openCall(call);
    if ((res.statusCode ?? 0) >= 400) throw await failureOf(res, call);
    return readJsonAnswer(res, call, rpcAnswer, 4 * 1024 * 1024);
  }

  private socket: WebSocket | undefined;
  private readonly waiting = new Map<number, (answer: unknown) => void>();

  private async overSocket(request: { id: number; method: string }, signal?: AbortSignal): Promise<z.output<typeof rpcAnswer>> {
    const socket = await this.openSocket();
    return new Promise((resolve, reject) => {
      const fail = (error: Error) => {
        clearTimeout(timer);
        this.waiting.delete(request.id);
        signal?.removeEventListener('abort', onAbort);
        reject(error);
      };
      const onAbort = () => fail(signal!.reason instanceof Error ? signal!.reason : new Error('aborted'));
      const timer = setTimeout(() => fail(new PublishEndpointError('Unreachable', this.endpoint, `${SERVICE} at ${this.endpoint} did not answer ${request.method} for ${Math.round(this.timeoutMs / 1000)} s`, true)), this.timeoutMs);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.set(request.id, (answer) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.waiting.delete(request.id);
        const parsed = rpcAnswer.safeParse(answer);
        if (parsed.success) resolve(parsed.data);
        else reject(this.bad(`answered ${request.method} with something that is not JSON-RPC`));
      });
      socket.send(JSON.stringify(request), (error) => error && fail(this.unreachable(error)));
    });
  }

  private openSocket(): Promise<WebSocket> {
    const open = this.socket;
    if (open && open.readyState === WebSocket.OPEN) return Promise.resolve(open);
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(this.url, { handshakeTimeout: this.timeoutMs, maxPayload: 4 * 1024 * 1024 });
      socket.once('open', () => {
        this.socket = socket;
        resolve(socket);
      });
      socket.once('error', (error) => reject(this.unreachable(error)));
      socket.on('message', (data: Buffer) => {
        let answer: unknown;
        try {
          answer = JSON.parse(data.toString('utf8'));
        } catch {
          return; // not ours to answer: a request waiting for it times out with a clear message
        }
        const id = (answer as { id?: unknown } | null)?.id;
        if (typeof id === 'number') this.waiting.get(id)?.(answer);
      });
      socket.on('close', () => {
        if (this.socket === socket) this.socket = undefined;
      });
    });
  }

  private unreachable(error: Error): PublishEndpointError {
    return new PublishEndpointError('Unreachable', this.endpoint, `cannot reach ${SERVICE} at ${this.endpoint}: ${error.message}`, true, undefined, { cause: error });
  }

  private bad(what: string): PublishEndpointError {
    return new PublishEndpointError('BadResponse', this.endpoint, `${SERVICE} at ${this.endpoint}: ${what}`, false);
  }
}
