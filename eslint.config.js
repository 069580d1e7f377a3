// @ts-check
// The linter (`npm run lint`, part of `npm test`): typescript-eslint's strict type-checked set on
// every TypeScript file a tsconfig covers (src/, test/, the tool configs), eslint's recommended set
// on the JavaScript programs (scripts/, bench/, bin/, examples/, the smoke). Layout is Prettier's
// job (prettier.config.js), the layer rules dependency-cruiser's (.dependency-cruiser.cjs).
// Every rule turned off or relaxed says why on its line.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

/** Node's own globals, read from the Node that runs the linter (what `globals.node` lists by hand). */
const node = Object.fromEntries(Object.getOwnPropertyNames(globalThis).map((name) => [name, /** @type {const} */ ('readonly')]));
/** What the browser programs use beyond what Node also has. */
const browser = Object.fromEntries(
  ['window', 'document', 'location', 'navigator', 'addEventListener', 'HTMLElement', 'getComputedStyle'].map((name) => [
    name,
    /** @type {const} */ ('readonly'),
  ]),
);

/** Unused on purpose: a `_` name, or what a rest pattern leaves out (`{ page, ...query }`). */
const unused = { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true };

export default defineConfig(
  {
    ignores: [
      // Built, generated (never edited by hand; `npm run check:generated` keeps it true) or scratch.
      'dist/',
      'docs/',
      'generated/',
      'coverage/',
      '.tmp/',
      'artifacts/',
    ],
  },
  js.configs.recommended,
  { rules: { 'no-unused-vars': ['error', unused] } },
  {
    files: ['**/*.{ts,mts,cts}'],
    extends: [tseslint.configs.strictTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Numbers read well in messages; anything else (undefined, objects, Decimals) must be made a string on purpose.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // `() => resolve()` and `afterAll(() => rmSync(dir))` are statements with a short body, and `return json(404, body)`
      // in a request handler is an early exit: neither is a value.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true, ignoreVoidReturningFunctions: true }],
      // `_` names what is left unused on purpose; `{ page, ...rest }` names what is left out.
      '@typescript-eslint/no-unused-vars': ['error', unused],
      // The query entry's peer range starts at 5.62, which has no queryClient.query(): tests and docs use what every supported version has.
      '@typescript-eslint/no-deprecated': [
        'error',
        { allow: [{ from: 'package', package: '@tanstack/query-core', name: ['fetchQuery', 'prefetchQuery'] }] },
      ],
      // A rejection passes on what was caught or an abort's reason as it is, as `throw` may (only-throw-error's defaults).
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingAny: true, allowThrowingUnknown: true }],
      // Off: wire credits are JSON records; a field the server hid or sent extra is deleted by its name (a Map would not be JSON).
      '@typescript-eslint/no-dynamic-delete': 'off',
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      // Off in tests: a test dereferences what it expects to exist; if it is missing the test fails, which is the assertion.
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Off in tests: vitest's asymmetric matchers (expect.any, expect.stringMatching, …) are typed any by design.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      // Off in tests: a fake fetch, token source or callback is async because its interface is, not because it awaits.
      '@typescript-eslint/require-await': 'off',
      // Tests hand async callbacks where the SDK's types say void, to prove that a rejected one is contained.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { properties: false } }],
    },
  },
  {
    // Consumer code compiled against the BUILT package by test/package/types.test.ts (its own tsconfig,
    // dist/*.d.ts): before a build it has no types to lint with, and tsc checks it strictly there.
    files: ['test/types/**'],
    extends: [tseslint.configs.disableTypeChecked],
    rules: {
      // Off: a type test declares values to read their types (`typeof value`) and to prove that a call compiles.
      '@typescript-eslint/no-unused-vars': 'off',
    },
  },
  {
    // The JavaScript programs: Node's globals, no type information (no tsconfig covers them).
    files: ['**/*.{js,mjs,cjs,jsx}'],
    languageOptions: { globals: node },
  },
  {
    files: ['examples/browser/**', 'examples/react-query/**', 'test/smoke/**'],
    languageOptions: { globals: { ...browser, Deno: 'readonly' }, parserOptions: { ecmaFeatures: { jsx: true } } },
  },
);
