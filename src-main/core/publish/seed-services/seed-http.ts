/** What the seed's two services share: a base URL with a path prefix kept, one JSON call, its errors named after the service. */
import type http from 'node:http';
import type { z } from 'zod';
import { keepAliveAgent } from '../../../providers/provider-http';
import { failureOf, openCall, readJsonAnswer, type EndpointCall } from '../endpoint-http';
import { endpointLabel, parseEndpointUrl } from '../publish-endpoint-error';

export class SeedHttp {
  readonly endpoint: string;
  private readonly base: string;
  private readonly agent: http.Agent;

  constructor(url: string, private readonly service: string, private readonly timeoutMs: number) {
    const parsed = parseEndpointUrl(url, `${service} URL`);
    // Assigning '' to URL.pathname gives '/' back: the prefix is kept as a string.
    const prefix = parsed.pathname.replace(/\/+$/, '');
    this.endpoint = endpointLabel(parsed);
    this.base = `${parsed.origin}${prefix}`;
    this.agent = keepAliveAgent(parsed, 2);
  }

  async json<S extends z.ZodType>(request: { method: 'GET' | 'POST'; path: string; query?: Record<string, string>; json?: unknown; signal?: AbortSignal }, schema: S): Promise<z.output<S>> {
    const url = new URL(this.base + request.path);
    for (const [key, value] of Object.entries(request.query ?? {})) url.searchParams.set(key, value);
    const call: EndpointCall = { method: request.method, url, service: this.service, endpoint: this.endpoint, route: `${request.method} ${request.path}`, json: request.json, timeoutMs: this.timeoutMs, signal: request.signal, agent: this.agent };
    const res = await openCall(call);
    const status = res.statusCode ?? 0;
    if (status < 200 || status >= 300) throw await failureOf(res, call);
    return readJsonAnswer(res, call, schema, 8 * 1024 * 1024);
  }

  close(): void {
    this.agent.destroy();
  }
}
