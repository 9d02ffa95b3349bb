/**
 * What the contract's sections share: the subject under test (a provider and
 * how to get empty roots from it) and small helpers over a scene.
 */
import type { Capabilities, RemoteEntry, StorageProvider } from '../../../src-main/providers/storage-provider';
import { readAll, textBody } from '../provider-test-kit';

export interface ContractScene {
  provider: StorageProvider;
  /** An empty root that holds objects. */
  root: string;
}

export interface StartedSubject {
  /** A new empty root (and maybe a new provider) for one test. */
  fresh(): Promise<ContractScene>;
  /** A well-formed root id that names nothing. */
  unknownRoot: string;
  stop(): Promise<void>;
}

export interface ContractSubject {
  name: string;
  capabilities: Capabilities;
  /**
   * A file and a folder may share a name ('a' beside 'a/'). True unless said:
   * a service of path prefixes usually allows it, but one over a real file
   * system (Workspace Files) cannot, even without a mkdir.
   */
  fileBesideFolder?: boolean;
  /** Starts what the provider talks to. */
  start(): Promise<StartedSubject>;
}

export interface ContractContext {
  caps: Capabilities;
  /** The provider has folders of some kind. */
  folders: boolean;
  /** A file 'a' and a folder 'a/' can both exist. */
  fileBesideFolder: boolean;
  fresh: () => Promise<ContractScene>;
  unknownRoot: () => string;
  putText: (scene: ContractScene, path: string, text: string) => Promise<RemoteEntry>;
  textAt: (scene: ContractScene, path: string) => Promise<string>;
  /** Every object path under the root, by a recursive listing (or the one level there is). */
  allPaths: (scene: ContractScene) => Promise<string[]>;
}

export function contractContext(caps: Capabilities, started: () => StartedSubject, fileBesideFolder = caps.folders !== 'real'): ContractContext {
  const folders = caps.folders !== 'none';
  return {
    caps,
    folders,
    fileBesideFolder,
    fresh: () => started().fresh(),
    unknownRoot: () => started().unknownRoot,
    async putText(scene, path, text) {
      const [entry] = await scene.provider.put(scene.root, [{ path, body: textBody(text) }]);
      return entry!;
    },
    async textAt(scene, path) {
      return (await readAll(await scene.provider.read(scene.root, { path }))).toString('utf8');
    },
    async allPaths(scene) {
      const paths: string[] = [];
      let token: string | undefined;
      do {
        const page = await scene.provider.listFolder(scene.root, '', { recursive: folders, token });
        paths.push(...page.entries.map((e) => e.path));
        token = page.nextToken ?? undefined;
      } while (token);
      return paths;
    },
  };
}
