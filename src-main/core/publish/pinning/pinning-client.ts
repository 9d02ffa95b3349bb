/**
 * A client of the IPFS Pinning Service API v1.0.0 (Crust's at
 * https://pin.crustcode.com/psa, or any other): ask a service to keep a CID,
 * follow the request's status, remove it, list requests. The token goes as
 * `Authorization: Bearer`; a 401 is TokenRefused ("token refused").
 */
import type http from 'node:http';
import { keepAliveAgent } from '../../../providers/provider-http';
import { failureOf, openCall, readAnswerText, readJsonAnswer, type EndpointCall } from '../endpoint-http';
import { endpointLabel, parseEndpointUrl } from '../publish-endpoint-error';
import { PIN_STATES, pinResultsSchema, pinStatusSchema, type PinState, type PinStatus } from './pinning-wire';

export type { PinState, PinStatus } from './pinning-wire';

export interface PinningClientOptions {
  /** The service's base URL: `/pins` is appended (https://pin.crustcode.com/psa). */
  url: string;
  token: string;
  /** Default 30 s. */
  timeoutMs?: number;
}

export interface NewPin {
  cid: string;
  name?: string;
  origins?: string[];
  meta?: Record<string, string>;
}

export interface PinListQuery {
  cid?: string[];
  /** The spec's default without a filter is `pinned` only: pass the states wanted. */
  status?: PinState[];
  /** 1 to 1000 (the spec's default is 10). */
  limit?: number;
  /** Only requests created before this RFC 3339 time: the cursor for the next page (the oldest `created` seen). */
  before?: string;
}

type CallOptions = { signal?: AbortSignal };

export class PinningClient {
  readonly endpoint: string;
  private readonly pinsUrl: string;
  private readonly token: string;
  private readonly timeoutMs: number;
  private readonly agent: http.Agent;

  constructor(options: PinningClientOptions) {
    const base = parseEndpointUrl(options.url, 'pinning service URL');
    // Assigning '' to URL.pathname gives '/' back: the prefix is kept as a string.
    const prefix = base.pathname.replace(/\/+$/, '').replace(/\/pins$/, '');
    base.pathname = prefix;
    if (options.token === '' || /[\r\n]/.test(options.token)) throw new Error('the pinning service token must be non-empty and on one line');
    this.endpoint = endpointLabel(base);
    this.pinsUrl = `${base.origin}${prefix}/pins`;
    this.token = options.token;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.agent = keepAliveAgent(base, 4);
  }

  async add(pin: NewPin, options: CallOptions = {}): Promise<PinStatus> {
    if (pin.cid.trim() === '') throw new Error('a pin needs a CID');
    if (pin.name !== undefined && pin.name.length > 255) throw new Error('a pin name is at most 255 characters');
    if (pin.origins && pin.origins.length > 20) throw new Error('a pin has at most 20 origins');
    const call = this.call('POST', this.pinsUrl, 'POST /pins', options);
    call.json = { cid: pin.cid, ...(pin.name !== undefined ? { name: pin.name } : {}), ...(pin.origins ? { origins: pin.origins } : {}), ...(pin.meta ? { meta: pin.meta } : {}) };
    return this.json(call, pinStatusSchema);
  }

  async get(requestId: string, options: CallOptions = {}): Promise<PinStatus> {
    const call = this.call('GET', this.requestUrl(requestId), 'GET /pins/{requestid}', options);
    return this.json(call, pinStatusSchema);
  }

  /** Removes the pin request. A request the service no longer knows is NotFound (the caller may treat it as already removed). */
  async remove(requestId: string, options: CallOptions = {}): Promise<void> {
    const call = this.call('DELETE', this.requestUrl(requestId), 'DELETE /pins/{requestid}', options);
    const res = await openCall(call);
    const status = res.statusCode ?? 0;
    if (status < 200 || status >= 300) throw await failureOf(res, call);
    await readAnswerText(res, call, 64 * 1024);
  }

  async list(query: PinListQuery = {}, options: CallOptions = {}): Promise<{ count: number; results: PinStatus[] }> {
    const url = new URL(this.pinsUrl);
    // `cid` and `status` are arrays in form style without explode: one comma-separated value.
    if (query.cid && query.cid.length > 0) {
      if (query.cid.length > 10) throw new Error('at most 10 CIDs per pin listing');
      url.searchParams.set('cid', query.cid.join(','));
    }
    if (query.status && query.status.length > 0) {
      const unknown = query.status.find((state) => !PIN_STATES.includes(state));
      if (unknown) throw new Error(`not a pin status: '${String(unknown)}'`);
      url.searchParams.set('status', [...new Set(query.status)].join(','));
    }
    if (query.limit !== undefined) {
      if (!Number.isInteger(query.limit) || query.limit < 1 || query.limit > 1000) throw new Error('limit must be 1 to 1000');
      url.searchParams.set('limit', String(query.limit));
    }
    if (query.before !== undefined) url.searchParams.set('before', query.before);
    return this.json(this.call('GET', url.href, 'GET /pins', options), pinResultsSchema);
  }

  close(): void {
    this.agent.destroy();
  }

  private requestUrl(requestId: string): string {
    if (requestId === '' || requestId.length > 1024) throw new Error('a pin request id is 1 to 1024 characters');
    return `${this.pinsUrl}/${encodeURIComponent(requestId)}`;
  }

  private call(method: EndpointCall['method'], url: string, route: string, options: CallOptions): EndpointCall {
    return { method, url: new URL(url), service: 'pinning service', endpoint: this.endpoint, route, headers: { authorization: `Bearer ${this.token}` }, timeoutMs: this.timeoutMs, signal: options.signal, agent: this.agent };
  }

  private async json<S extends Parameters<typeof readJsonAnswer>[2]>(call: EndpointCall, schema: S) {
    const res = await openCall(call);
    const status = res.statusCode ?? 0;
    if (status < 200 || status >= 300) throw await failureOf(res, call);
    return readJsonAnswer(res, call, schema);
  }
}
