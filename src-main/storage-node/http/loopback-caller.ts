/**
 * Who may use a node without keys. Binding to loopback keeps other machines
 * out, but not web pages in this machine's browser: a page can send no-cors
 * POSTs (form bodies included) to 127.0.0.1, and a name it controls can be
 * rebound to 127.0.0.1 (DNS rebinding). So such a node answers only requests
 * that name it by a loopback name in Host and that no page sent: an Origin
 * other than the node's own, or a Sec-Fetch-Site other than same-origin or
 * none (typed into the address bar), means a page did.
 */
import type { IncomingMessage } from 'node:http';
import { NodeError } from '../node-error';
import { isLoopbackHost } from '../../common/network';

export function refuseForeignCaller(req: IncomingMessage): void {
  const host = req.headers.host;
  if (!host) throw forbidden('a request without a Host header is refused by a storage node without keys');
  if (!isLoopbackHost(hostName(host).toLowerCase())) {
    throw forbidden(`Host '${host}' is not a loopback name: a storage node without keys answers only requests addressed to localhost, 127.0.0.1 or [::1] (DNS rebinding defence)`);
  }
  const origin = req.headers.origin;
  if (origin !== undefined && origin.toLowerCase() !== `http://${host.toLowerCase()}`) {
    throw forbidden(`Origin '${origin}' is refused: a storage node without keys does not answer requests from web pages`);
  }
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    throw forbidden(`Sec-Fetch-Site '${site}' is refused: a storage node without keys does not answer requests from web pages`);
  }
}

/** `name:port`, `[v6]:port` or a bare name → the name (IPv6 without brackets). */
function hostName(host: string): string {
  const bracketed = /^\[([^\]]*)\](?::\d*)?$/.exec(host);
  if (bracketed) return bracketed[1]!;
  const colon = host.lastIndexOf(':');
  return colon >= 0 && host.indexOf(':') === colon ? host.slice(0, colon) : host;
}

function forbidden(message: string): NodeError {
  return new NodeError('Unauthorized', message, 403);
}
