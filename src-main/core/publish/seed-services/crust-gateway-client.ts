/**
 * The seed's order gateway: `GET /crust/placeOrder?hash=<cid>&size=<bytes>`
 * asks it to place a Crust storage order. It answers `{"status":200,"data":false}`
 * in the seed's own example, and `data` is not documented, so it is handed back
 * as it came and never read as "order placed" (the order's state comes from
 * the chain or the pinning service). An envelope `status` outside 2xx is the
 * gateway saying no: Refused.
 */
import { z } from 'zod';
import { CRUST_MAX_ORDER_BYTES } from '@shared/contract/publish';
import { snippet } from '../../../providers/provider-http';
import { PublishEndpointError } from '../publish-endpoint-error';
import { SeedHttp } from './seed-http';

const placeOrderAnswer = z.object({ status: z.number().int(), data: z.unknown() }).refine((value) => 'data' in value, { message: 'data is missing', path: ['data'] });

export class CrustGatewayClient {
  private readonly http: SeedHttp;

  constructor(options: { url: string; timeoutMs?: number }) {
    this.http = new SeedHttp(options.url, 'Crust order gateway', options.timeoutMs ?? 30_000);
  }

  get endpoint(): string {
    return this.http.endpoint;
  }

  /** `size` is the DAG size Kubo reported (never less). */
  async placeOrder(order: { cid: string; size: number }, options: { signal?: AbortSignal } = {}): Promise<{ status: number; data: unknown }> {
    if (!/^[A-Za-z0-9]{10,200}$/.test(order.cid)) throw new Error(`not a CID: '${order.cid}'`);
    if (!Number.isSafeInteger(order.size) || order.size < 0) throw new Error('an order size is a whole number of bytes');
    if (order.size >= CRUST_MAX_ORDER_BYTES) throw new Error(`Crust stores files under 8 GiB; this one is ${order.size} bytes`);
    const answer = await this.http.json({ method: 'GET', path: '/crust/placeOrder', query: { hash: order.cid, size: String(order.size) }, signal: options.signal }, placeOrderAnswer);
    if (answer.status < 200 || answer.status >= 300) {
      throw new PublishEndpointError('Refused', this.endpoint, `Crust order gateway at ${this.endpoint} refused the order for ${order.cid} (status ${answer.status}${answer.data !== undefined ? `: ${snippet(JSON.stringify(answer.data))}` : ''})`, answer.status >= 500, 200);
    }
    return { status: answer.status, data: answer.data };
  }

  close(): void {
    this.http.close();
  }
}
