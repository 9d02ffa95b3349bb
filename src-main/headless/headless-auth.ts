/**
 * Who may talk to the headless server: requests must name an allowed Host
 * (the bound address or localhost on our port: DNS-rebinding defence), carry
 * the token (query on the first visit, then an HttpOnly SameSite=Strict
 * cookie, or a Bearer header for scripts), and, for state-changing requests
 * and WebSockets, come from our own origin when they say where they come from.
 *
 * Bound to every address (0.0.0.0 or ::), the server is reached by any of the
 * machine's addresses, so each of them (read again every few seconds, as
 * addresses come and go) is an allowed Host too. Names are not: a DNS name
 * could be an attacker's, rebound to us.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';

const WILDCARD_HOSTS = new Set(['0.0.0.0', '::']);
const ADDRESSES_FRESH_MS = 5_000;

export interface HeadlessAuthOptions {
  host: string;
  port: number;
  token: string;
}

export type AuthVerdict = { ok: true } | { ok: false; status: 401 | 403; message: string };

export class HeadlessAuth {
  readonly cookieName: string;
  private readonly port: number;
  private readonly fixedHosts: Set<string>;
  private readonly everyAddress: boolean;
  private machineHosts: { hosts: Set<string>; at: number } | undefined;
  private readonly token: Buffer;

  constructor(options: HeadlessAuthOptions) {
    // Cookies are shared by every port of a host, so the name carries ours.
    this.cookieName = `jcs_token_${options.port}`;
    this.port = options.port;
    this.token = Buffer.from(options.token);
    this.fixedHosts = this.withPort(['localhost', '127.0.0.1', '[::1]', hostForUrl(options.host)]);
    this.everyAddress = WILDCARD_HOSTS.has(options.host);
  }

  checkHost(req: IncomingMessage): AuthVerdict {
    const host = (req.headers.host ?? '').toLowerCase();
    if (this.allowsHost(host)) return { ok: true };
    return { ok: false, status: 403, message: `Host '${host}' is not allowed` };
  }

  /** Same-origin check for requests that change state or open a WebSocket. */
  checkOrigin(req: IncomingMessage): AuthVerdict {
    const origin = req.headers.origin;
    if (origin === undefined) return { ok: true };
    const lower = origin.toLowerCase();
    if (lower.startsWith('http://') && this.allowsHost(lower.slice('http://'.length))) return { ok: true };
    return { ok: false, status: 403, message: `Origin '${origin}' is not allowed` };
  }

  private allowsHost(hostAndPort: string): boolean {
    if (this.fixedHosts.has(hostAndPort)) return true;
    if (!this.everyAddress) return false;
    const now = performance.now();
    if (!this.machineHosts || now - this.machineHosts.at > ADDRESSES_FRESH_MS) this.machineHosts = { hosts: this.withPort(machineAddresses().map(hostForUrl)), at: now };
    return this.machineHosts.hosts.has(hostAndPort);
  }

  private withPort(names: readonly string[]): Set<string> {
    return new Set(names.map((name) => `${name}:${this.port}`.toLowerCase()));
  }

  /** The token from the query, the cookie or an Authorization header, if it is right. */
  checkToken(req: IncomingMessage, url: URL): AuthVerdict {
    const candidates = [url.searchParams.get('token'), this.cookieToken(req), bearer(req)];
    for (const candidate of candidates) if (candidate && this.matches(candidate)) return { ok: true };
    return { ok: false, status: 401, message: 'a valid token is required: open the address printed by `npm run serve`' };
  }

  tokenInQuery(url: URL): boolean {
    const t = url.searchParams.get('token');
    return t !== null && this.matches(t);
  }

  cookieHeader(): string {
    return `${this.cookieName}=${this.token.toString()}; Path=/; HttpOnly; SameSite=Strict`;
  }

  private matches(candidate: string): boolean {
    const given = Buffer.from(candidate);
    return given.length === this.token.length && timingSafeEqual(given, this.token);
  }

  private cookieToken(req: IncomingMessage): string | undefined {
    const header = req.headers.cookie;
    if (!header) return undefined;
    for (const part of header.split(';')) {
      const eq = part.indexOf('=');
      if (eq > 0 && part.slice(0, eq).trim() === this.cookieName) return part.slice(eq + 1).trim();
    }
    return undefined;
  }
}

function bearer(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
}

/** Every address of this machine's network interfaces (IPv4 and IPv6). */
export function machineAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flatMap((list) => list ?? [])
    .map((info) => info.address);
}

export function hostForUrl(host: string): string {
  return isIP(host) === 6 ? `[${host}]` : host;
}
