// The architecture's rules (`npm run check:layers`, part of `npm test`): the import graph of src/
// and generated/ has no cycle and no upward import. The layers, bottom up (CONTRIBUTING draws them):
//   src/core                    HTTP, money, UUIDs, pages: imports nothing else of ours
//   generated/                  hey-api's output: types, and request functions on core's http-client
//   src/project-credits         the resource: core and generated
//   src/client.ts, src/index.ts the entries: core and project-credits
//   src/query, src/zod, src/cli, src/testing   on top: the entries or lower, never each other
//   src/testing/fake            the fake Waldur, an independent oracle: nothing of ours outside src/testing
// Type-only imports count (tsPreCompilationDeps): a type cycle is a design cycle too.

/** Each top folder of src/ that sits on the entries, and may import none of the others. */
const ON_TOP = ['query', 'zod', 'cli', 'testing'];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycle',
      comment: 'A module may not reach itself through its imports (type-only imports count).',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'core-imports-only-core',
      comment: 'src/core is the bottom layer: it imports nothing of ours outside src/core (not generated/ either).',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: '^(src|generated)/', pathNot: '^src/core/' },
    },
    {
      name: 'generated-imports-only-the-http-client',
      comment: "generated/ imports nothing of ours but the client types of src/core/transport/http-client.ts (hey-api's client plugin).",
      severity: 'error',
      from: { path: '^generated/' },
      to: { path: '^src/', pathNot: '^src/core/transport/http-client\\.ts$' },
    },
    {
      name: 'project-credits-imports-core-and-generated',
      comment: 'src/project-credits (the resource) imports only src/core, generated/ and itself.',
      severity: 'error',
      from: { path: '^src/project-credits/' },
      to: { path: '^src/', pathNot: '^src/(core|project-credits)/' },
    },
    {
      name: 'entries-import-core-and-project-credits',
      comment: 'The entries (src/client.ts, src/index.ts) import core, project-credits (and generated types), never what sits on them.',
      severity: 'error',
      from: { path: '^src/(client|index)\\.ts$' },
      to: { path: `^src/(${ON_TOP.join('|')})/` },
    },
    ...ON_TOP.map((folder) => ({
      name: `${folder}-imports-no-other-top-folder`,
      comment: `src/${folder} imports the package entries or lower layers, never ${ON_TOP.filter((f) => f !== folder)
        .map((f) => `src/${f}`)
        .join(', ')}.`,
      severity: /** @type {const} */ ('error'),
      from: { path: `^src/${folder}/` },
      to: { path: `^src/(${ON_TOP.filter((f) => f !== folder).join('|')})/` },
    })),
    {
      name: 'fake-is-an-independent-oracle',
      comment: 'src/testing/fake imports nothing of ours outside src/testing: it checks the SDK with its own knowledge of Waldur.',
      severity: 'error',
      from: { path: '^src/testing/fake/' },
      to: { path: '^(src|generated)/', pathNot: '^src/testing/' },
    },
    {
      name: 'nothing-imports-the-command',
      comment: 'src/cli is the waldur-credits command: only its own files import it.',
      severity: 'error',
      from: { pathNot: '^src/cli/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'no-unresolvable-import',
      comment: 'Every import resolves (the package name through tsconfig paths too), or the rules above would miss it.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    // `waldur-project-credits` and its subpaths mean the sources (tsconfig.json `paths`), as in the type-check.
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
