/**
 * The StorageProvider contract (tests/providers/contract/) run against the
 * Workspace Files adapter on its fixture server (the variant that replaces
 * an existing name, which is what the interface's `put` promises). Each
 * scene is a server of its own, since the service has one space.
 */
import { SINGLE_ROOT } from '../../../src-main/providers/storage-provider';
import { WORKSPACE_FILES_CAPABILITIES, WorkspaceFilesProvider } from '../../../src-main/providers/workspace-files/workspace-provider';
import { startWorkspaceFilesServer, type WorkspaceFilesServer } from '../../fixtures/workspace-files/workspace-files-server';
import { providerContract } from '../provider-contract';

providerContract({
  name: 'Workspace Files adapter on its fixture server',
  capabilities: WORKSPACE_FILES_CAPABILITIES,
  // A real folder on the service's disk: 'a' cannot be a file and a folder at once.
  fileBesideFolder: false,
  start() {
    const servers: WorkspaceFilesServer[] = [];
    const providers: WorkspaceFilesProvider[] = [];
    return Promise.resolve({
      async fresh() {
        const server = await startWorkspaceFilesServer({ onExisting: 'overwrite' });
        servers.push(server);
        const provider = new WorkspaceFilesProvider({ baseUrl: server.url, token: server.token });
        providers.push(provider);
        return { provider, root: SINGLE_ROOT };
      },
      unknownRoot: 'space-2',
      async stop() {
        for (const provider of providers) provider.close();
        const violations = servers.flatMap((s) => s.violations);
        await Promise.all(servers.map((s) => s.close()));
        if (violations.length > 0) throw new Error(`the fixture answered outside the seed's schemas: ${violations.join('; ')}`);
      },
    });
  },
});
