/**
 * The folder rules of docs/architecture.md, checked by `npm run lint`. Each folder of src/ may
 * import only the folders listed for it, and only through their index.ts; no cycles, type-only
 * imports included.
 */
const MAY_IMPORT = {
  common: [],
  transport: ['common'],
  protocol: ['common', 'transport'],
  master: ['common', 'transport', 'protocol'],
  slave: ['common', 'transport', 'protocol'],
  orchestrator: ['common', 'transport', 'protocol'],
  exercises: ['common'],
  emulator: ['common', 'transport', 'exercises', 'orchestrator'],
  deploy: ['common', 'orchestrator'],
  pow: ['common', 'transport', 'orchestrator'],
  ui: ['common', 'emulator', 'nodes'],
  nodes: ['common', 'transport'],
};

const layerRules = Object.entries(MAY_IMPORT).map(([folder, allowed]) => ({
  name: `${folder}-imports`,
  comment: `src/${folder}/ may import ${allowed.length > 0 ? allowed.join(', ') : 'nothing else of ours'} (docs/architecture.md)`,
  severity: 'error',
  from: { path: `^src/${folder}/` },
  to: { path: '^src/[^/]+/', pathNot: [folder, ...allowed].map((name) => `^src/${name}/`) },
}));

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'An import cycle, type-only imports included: the folders would no longer layer.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    ...layerRules,
    {
      name: 'through-index',
      comment: 'Another folder is reached through its index.ts, its public face, never into its internals.',
      severity: 'error',
      from: { path: '^src/([^/]+)/' },
      to: { path: '^src/[^/]+/', pathNot: ['^src/$1/', '^src/[^/]+/index\\.ts$'] },
    },
    {
      name: 'nothing-imports-the-cli',
      comment: 'The CLI is the outermost layer.',
      severity: 'error',
      from: { pathNot: '^src/cli/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'runtimes-know-no-orchestrator',
      comment: 'A runtime runs any function; it knows neither the executor nor the synchronizer.',
      severity: 'error',
      from: { path: '^src/orchestrator/runtimes/' },
      to: { path: ['^src/orchestrator/(?!runtimes/)', '^src/protocol/'] },
    },
    {
      name: 'runtimes-apart',
      comment: 'Runtimes share the contract in runtimes/*.ts, never each other.',
      severity: 'error',
      from: { path: '^src/orchestrator/runtimes/([^/]+)/' },
      to: { path: '^src/orchestrator/runtimes/[^/]+/', pathNot: '^src/orchestrator/runtimes/$1/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
