import { defineConfig } from 'tsup';

export default defineConfig([
  {
    // One entry per public export path in package.json.
    entry: {
      index: 'src/index.ts',
      testing: 'src/testing/index.ts',
      'testing-msw': 'src/testing/msw.ts',
      // Node only (node:http), imported by no other entry: the fake over HTTP.
      'testing-server': 'src/testing/server.ts',
      query: 'src/query/index.ts',
      zod: 'src/zod/index.ts',
    },
    format: ['esm', 'cjs'],
    // Each entry one file: no shared chunk (the zod entry shares a few pure checks with the main one).
    splitting: false,
    // tsup's declaration build sets the deprecated `baseUrl`; TypeScript 6 wants that said out loud.
    dts: { compilerOptions: { ignoreDeprecations: '6.0' } },
    sourcemap: true,
    // Both builds below run at once into dist/: this one's clean leaves the command's files alone.
    clean: ['!cli.js', '!cli.js.map', '!fake-server.js', '!fake-server.js.map'],
    target: 'es2022',
    platform: 'neutral',
    // Runtime dependencies stay imports, so an app's bundler dedupes them with its own copies.
    // The query entry imports the main one by name: one SDK instance (one Decimal, one set of
    // error classes) however an app imports it.
    // The testing server imports the testing entry by name, as the query entry imports the main one.
    external: ['ky', 'zod', 'decimal.js', 'msw', '@tanstack/query-core', 'waldur-project-credits', 'node:http'],
    // Importing one of them for nothing does nothing: the zod entry shares pure checks with
    // src/project-credits/{fields,write}.ts and must not keep its `import 'decimal.js'` (decimal.js has no sideEffects
    // flag, so an app's bundler would ship it whole with the form). And building a zod schema does
    // nothing but build it: the zod entry keeps only the generated schemas it uses.
    treeshake: { moduleSideEffects: 'no-external', manualPureFunctions: ['z'] },
  },
  {
    // The commands, each started by its bin: waldur-credits (bin/waldur-credits.mjs) and the fake
    // server's (bin/waldur-project-credits-fake.mjs). Node only, ESM only, no types, not export
    // paths of the package, so no browser bundle ever sees them or the CSV packages. They import
    // the SDK (and the testing server) by name, as the query entry does: one SDK instance.
    entry: { cli: 'src/cli/index.ts', 'fake-server': 'src/testing/command.ts' },
    format: ['esm'],
    dts: false,
    sourcemap: true,
    clean: false,
    // Two entries that share no module: no shared chunk.
    splitting: false,
    target: 'node20',
    platform: 'node',
    external: ['waldur-project-credits', 'csv-parse', 'csv-stringify'],
    treeshake: true,
  },
]);
