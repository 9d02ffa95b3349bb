/**
 * The clients a publish talks to, made from the current settings: the IPFS
 * node (the embedded node's Kubo subset, a Kubo RPC URL, or a Crust W3Auth
 * gateway), the order route (a pinning service or the seed's gateway), the
 * chain for reading orders, and the seed's registry. A missing setting is a
 * NotConfigured error that names it. Clients keep their connections alive, so
 * they are made once per setting (and made anew after the settings change).
 */
import { AppError, AppErrorCode } from '@shared/contract/define';
import type { IpfsNodeKind } from '@shared/contract/publish';
import { CrustChainClient } from './crust/crust-chain-client';
import { KuboClient, type KuboAuth } from './kubo/kubo-client';
import { PinningClient } from './pinning/pinning-client';
import type { PublishSettingsService } from './publish-settings-service';
import { CrustGatewayClient } from './seed-services/crust-gateway-client';
import { RegistryClient } from './seed-services/registry-client';

/** The embedded node's Kubo subset while it runs. */
export type EmbeddedIpfs = () => { url: string; token: string } | undefined;

interface Closable {
  close(): void;
}

export class PublishEndpoints {
  private readonly clients = new Map<string, Closable>();

  constructor(
    private readonly settings: PublishSettingsService,
    private readonly embeddedIpfs: EmbeddedIpfs,
  ) {
    // Forgotten, not closed: closing a client destroys its sockets, and a publish may be streaming through one
    // (an unrelated setting changed mid-add would cut it off). A forgotten client's idle sockets are unref'd
    // by its keep-alive agent and end when the service closes them.
    settings.onChange(() => this.clients.clear());
  }

  /** At shutdown: every client's sockets. */
  closeAll(): void {
    for (const client of this.clients.values()) client.close();
    this.clients.clear();
  }

  private cached<T extends Closable>(key: string, make: () => T): T {
    let client = this.clients.get(key) as T | undefined;
    if (!client) {
      client = make();
      this.clients.set(key, client);
    }
    return client;
  }

  async ipfsNode(kind: IpfsNodeKind): Promise<KuboClient> {
    const resolved = this.settings.resolved();
    if (kind === 'embedded') {
      const embedded = this.embeddedIpfs();
      if (!embedded) throw new AppError(AppErrorCode.ConnectionFailed, "this computer's storage node is not running, so its IPFS API cannot take the content");
      return this.cached(`kubo:${embedded.url}:${embedded.token}`, () => new KuboClient({ url: embedded.url, auth: { kind: 'bearer', token: embedded.token } }));
    }
    if (kind === 'kubo') {
      if (!resolved.kubo.url) throw notConfigured('the Kubo RPC URL');
      const auth = kuboAuth(resolved.kubo.auth, resolved.kubo.username, resolved.secrets.kuboToken, resolved.secrets.kuboPassword);
      return this.cached(`kubo:${resolved.kubo.url}:${JSON.stringify(auth)}`, () => new KuboClient({ url: resolved.kubo.url, auth }));
    }
    if (!resolved.crustGateway.url) throw notConfigured('the Crust gateway URL');
    const token = await this.settings.accountToken();
    if (!token) throw notConfigured('a Crust account (a Crust gateway takes its W3Auth token)');
    return this.cached(`gateway:${resolved.crustGateway.url}:${token}`, () => new KuboClient({ url: resolved.crustGateway.url, auth: { kind: 'basic', token } }));
  }

  async pinningService(): Promise<PinningClient> {
    const resolved = this.settings.resolved();
    if (!resolved.pinningService.url) throw notConfigured('the pinning service URL');
    const token = resolved.pinningService.useCrustAccount ? await this.settings.accountToken() : (resolved.secrets.pinningToken ?? null);
    if (!token) throw notConfigured(resolved.pinningService.useCrustAccount ? "a Crust account (its W3Auth token is the pinning service's token)" : 'the pinning service token');
    return this.cached(`pins:${resolved.pinningService.url}:${token}`, () => new PinningClient({ url: resolved.pinningService.url, token }));
  }

  seedGateway(): CrustGatewayClient {
    const url = this.settings.settings().seedGateway.url;
    if (!url) throw notConfigured('the order gateway URL');
    return this.cached(`order:${url}`, () => new CrustGatewayClient({ url }));
  }

  /** undefined: no chain endpoint set (orders are then judged by the pinning service alone). */
  chain(): CrustChainClient | undefined {
    const url = this.settings.settings().chain.url;
    return url ? this.cached(`chain:${url}`, () => new CrustChainClient({ url })) : undefined;
  }

  /** undefined: no registry set. */
  registry(): { client: RegistryClient; studyId: string } | undefined {
    const { url, studyId } = this.settings.settings().registry;
    return url ? { client: this.cached(`registry:${url}`, () => new RegistryClient({ url })), studyId } : undefined;
  }
}

function kuboAuth(kind: 'none' | 'bearer' | 'basic', username: string, token: string | undefined, password: string | undefined): KuboAuth {
  if (kind === 'none') return { kind: 'none' };
  if (kind === 'bearer') {
    if (!token) throw notConfigured('the Kubo bearer token');
    return { kind: 'bearer', token };
  }
  if (!username || password === undefined) throw notConfigured('the Kubo user name and password');
  return { kind: 'basic', username, password };
}

function notConfigured(what: string): AppError {
  return new AppError(AppErrorCode.NotConfigured, `publishing needs ${what}: set it in Settings → Publishing`, { params: { what } });
}
