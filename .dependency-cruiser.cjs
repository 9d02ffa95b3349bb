/**
 * The layer rules of the architecture (README "Architecture"), checked by
 * dependency-cruiser on every `npm test`. Each rule names the reason it exists.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'electron-only-in-shell',
      comment: 'Only the Electron glue (src-main/app) and the preload may import electron, even for types: everything else runs and is tested in plain Node.',
      severity: 'error',
      from: { pathNot: '^src-(main/app|preload)/' },
      to: { path: '^electron$|node_modules/electron/' },
    },
    {
      name: 'shared-has-no-io',
      comment: 'src-shared is the contract: no Node builtins (it is bundled into the renderer too).',
      severity: 'error',
      from: { path: '^src-shared/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'shared-depends-on-nothing-of-ours',
      severity: 'error',
      from: { path: '^src-shared/' },
      to: { path: '^src-(main|renderer|preload)/' },
    },
    {
      name: 'renderer-has-no-node',
      comment: 'The renderer runs sandboxed in a browser page: no Node builtins.',
      severity: 'error',
      from: { path: '^src-renderer/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'renderer-reaches-main-only-through-its-transport',
      severity: 'error',
      from: { path: '^src-renderer/' },
      to: { path: '^src-(main|preload)/' },
    },
    {
      name: 'renderer-features-do-not-pick-a-transport',
      comment: 'Only the entry (main.tsx) chooses a transport; features ask the Transport what its host can do (`host`), so they work the same over IPC and HTTP.',
      severity: 'error',
      from: { path: '^src-renderer/', pathNot: '^src-renderer/(main\\.tsx|lib/transport/)' },
      to: { path: '^src-renderer/lib/transport/(ipc|http)-transport' },
    },
    {
      name: 'storage-node-is-not-a-client',
      comment: 'The embedded storage node is a server of its own: what it shares with the clients of remote services (SigV4, content disposition, loopback checks) lives in src-main/common, so it never depends on a provider.',
      severity: 'error',
      from: { path: '^src-main/storage-node/' },
      to: { path: '^src-main/providers/' },
    },
    {
      name: 'headless-does-not-reach-into-the-storage-node',
      comment: 'Headless mode is a transport over the core; the storage node is one service the core runs. What both need lives in src-main/common.',
      severity: 'error',
      from: { path: '^src-main/headless/' },
      to: { path: '^src-main/storage-node/' },
    },
    {
      name: 'only-a-provider-imports-its-client',
      comment: 'A kind of storage is reached only through the StorageProvider interface: nothing outside providers/<kind>/ imports that folder, except the registry that builds providers.',
      severity: 'error',
      from: { path: '^src-main/', pathNot: '^src-main/providers/' },
      to: { path: '^src-main/providers/[^/]+/' },
    },
    {
      name: 'providers-keep-to-their-own-folder',
      comment: 'One folder per kind: an adapter never reaches into another kind\'s folder.',
      severity: 'error',
      from: { path: '^src-main/providers/([^/]+)/' },
      to: { path: '^src-main/providers/[^/]+/', pathNot: '^src-main/providers/$1/' },
    },
    {
      name: 'no-cycles-in-main',
      comment: 'Import cycles make module start-up order matter and hide which layer owns what.',
      severity: 'error',
      from: { path: '^src-main/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(out|dist|test-results)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
