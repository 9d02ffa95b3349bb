/**
 * The StorageProvider contract against the File Storage adapter on its
 * fixture server (seed 002) on loopback: a fresh server per scene, so every
 * scene starts with an empty space. Run in both route forms of the seed and
 * against a server that pages by index and sorts names by a collation of its
 * own (the client must still list in byte-wise name order).
 */
import { FILE_STORAGE_CAPABILITIES, FileStorageProvider } from '../../../src-main/providers/file-storage/fs-provider';
import { SINGLE_ROOT } from '../../../src-main/providers/storage-provider';
import { startFileStorageServer, type FileStorageServer, type FileStorageServerOptions } from '../../fixtures/file-storage';
import { makeTempDir } from '../../helpers/temp-dir';
import { providerContract, type ContractSubject } from '../provider-contract';
import type { RouteForm } from '../../../src-main/providers/file-storage/fs-client';

function subject(name: string, serverOptions: FileStorageServerOptions, routes: RouteForm): ContractSubject {
  return {
    name,
    capabilities: FILE_STORAGE_CAPABILITIES,
    start() {
      const servers: FileStorageServer[] = [];
      const providers: FileStorageProvider[] = [];
      const dirs: Array<{ remove(): Promise<void> }> = [];
      return Promise.resolve({
        async fresh() {
          const server = await startFileStorageServer(serverOptions);
          servers.push(server);
          const cache = await makeTempDir('fs-contract-cache');
          dirs.push(cache);
          const provider = new FileStorageProvider({ baseUrl: server.url, token: serverOptions.token, routes, cacheDir: cache.path });
          providers.push(provider);
          return { provider, root: SINGLE_ROOT };
        },
        unknownRoot: 's999',
        async stop() {
          for (const provider of providers) provider.close();
          await Promise.all(servers.map((s) => s.close()));
          await Promise.all(dirs.map((d) => d.remove()));
        },
      });
    },
  };
}

providerContract(subject('File Storage adapter on its fixture (POST /file/upload, GET /file/list…)', {}, 'rpc'));
providerContract(subject('File Storage adapter on its fixture (PUT /file/, GET /file/…; token; page index from 1; names by collation)', { token: 'contract-token', offsetMode: 'page1', nameOrder: 'locale', nameFilter: 'exact' }, 'rest'));
