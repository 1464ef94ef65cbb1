// The layers, checked on every `npm test` (npm run lint). Inside out:
//   domain/      the rules: deciders, events, money. Pure: no I/O, no other layer.
//   commands/    the command path and the ports it owns (commands/event-store-port.ts).
//   projections/ the read side's pure folds and protocols.
//   infra/       the doors (CLI, HTTP), the stores and everything else with I/O.
// An inner layer never imports an outer one; infra implements the ports inner layers own.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'inner-layers-never-import-infra',
      comment: 'domain/, commands/ and projections/ depend on ports, never on infra/ (the adapters).',
      severity: 'error',
      from: { path: '^(domain|commands|projections)/' },
      to: { path: '^infra/' },
    },
    {
      name: 'domain-imports-no-other-layer',
      comment: 'The domain is the innermost layer: commands/, projections/ and infra/ build on it.',
      severity: 'error',
      from: { path: '^domain/' },
      to: { path: '^(commands|projections|infra)/' },
    },
    {
      name: 'domain-does-no-io',
      comment: 'decide and evolve are pure: no file system, network, processes or databases.',
      severity: 'error',
      from: { path: '^domain/' },
      to: {
        dependencyTypes: ['core', 'npm', 'npm-dev', 'npm-optional', 'npm-peer'],
        path: '^(node:)?(fs|fs/promises|net|http|https|http2|dgram|dns|child_process|cluster|worker_threads|better-sqlite3|pg|fastify|@eventstore/db-client)$',
      },
    },
    {
      name: 'production-never-imports-tests',
      comment: 'The product runs without test/: no production module imports test code.',
      severity: 'error',
      from: { path: '^(domain|commands|projections|infra)/' },
      to: { path: '^test/' },
    },
    {
      name: 'no-circular',
      comment: 'No module depends on itself through others at run time (a type-only cycle is harmless).',
      severity: 'error',
      from: { path: '^(domain|commands|projections|infra)/' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|node_modules)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
  },
};
