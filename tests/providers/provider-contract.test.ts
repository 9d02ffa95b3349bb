/**
 * The StorageProvider contract, run against the JCS adapter on a real storage
 * node on loopback and against two shapes of the in-memory provider: a flat
 * store with few features (one space, no folders, ranges, move, copy or
 * multipart, no hash: like the File Storage service) and one with real
 * folders, spaces, ranges, copy and move within a space, S3-like multipart
 * with a part list, and an untrusted hash. One suite passing on all three is
 * what says the interface is not JCS in disguise.
 */
import { JCS_CAPABILITIES, JcsProvider } from '../../src-main/providers/jcs/jcs-provider';
import { SINGLE_ROOT } from '../../src-main/providers/storage-provider';
import { MemoryProvider, type MemoryProviderOptions } from '../helpers/memory-provider/memory-provider';
import { startTestNode } from '../helpers/storage-node';
import { providerContract, type ContractSubject } from './provider-contract';
import { uniqueName } from './provider-test-kit';

const jcsSubject: ContractSubject = {
  name: 'JCS adapter on a storage node',
  capabilities: JCS_CAPABILITIES,
  async start() {
    const node = await startTestNode();
    const provider = new JcsProvider({ baseUrl: node.node.url, credentials: node.credentials });
    const bucket = await provider.createRoot(null, uniqueName('contract'));
    return {
      async fresh() {
        const pkg = await provider.createRoot(bucket.id, uniqueName('pkg'));
        return { provider, root: pkg.id };
      },
      unknownRoot: 'p987654321',
      async stop() {
        provider.close();
        await node.dispose();
      },
    };
  },
};

function memorySubject(name: string, options: MemoryProviderOptions): ContractSubject {
  return {
    name,
    capabilities: new MemoryProvider(options).capabilities,
    start() {
      const made: MemoryProvider[] = [];
      return Promise.resolve({
        async fresh() {
          const provider = new MemoryProvider(options);
          made.push(provider);
          const root = provider.createRoot ? (await provider.createRoot(null, uniqueName('space'))).id : SINGLE_ROOT;
          return { provider, root };
        },
        unknownRoot: 's999',
        stop() {
          for (const provider of made) provider.close();
          return Promise.resolve();
        },
      });
    },
  };
}

providerContract(jcsSubject);

providerContract(memorySubject('in-memory, flat and plain', { rename: true }));

providerContract(
  memorySubject('in-memory, real folders and S3-like multipart', {
    spaces: true,
    folders: 'real',
    ranges: true,
    hash: { algorithm: 'sha256', trusted: false },
    move: true,
    copy: true,
    multipart: { minPartSize: 4096, maxPartSize: 1024 * 1024, maxParts: 100, listParts: true },
    pageSize: 500,
  }),
);
