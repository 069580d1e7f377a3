#!/usr/bin/env node
// Writes every ```ts block of README.md to its own module under .tmp/types/readme/, for the type
// tests (test/package/types.test.ts compiles them with test/types/tsconfig.json against dist/*.d.ts).
//
// A snippet assumes names it does not declare (`waldur`, `customer_uuid`, `render`, …): each
// module starts with a prelude that imports the package's public names and declares those, minus
// every name the snippet imports or declares itself. The snippet's text is copied unchanged, and
// blank lines pad the prelude so that a compiler error's line number is the README's line number.
// Blocks fenced as anything else (```sh, ```js, a bare ```) are listed as skipped, never compiled.
//
//   node scripts/readme-snippets.mjs          # writes the files, prints a summary
//   node scripts/readme-snippets.mjs --json   # the same, the summary as JSON
//
// Imported, it answers the README's blocks (`readmeBlocks()`), so that a test can also run one
// (test/package/browser.test.ts runs the "For frontend apps" sample in Chromium).
import { mkdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = new URL('..', import.meta.url).pathname;
const readme = join(root, 'README.md');
const outDir = join(root, '.tmp/types/readme');
const TS_FENCES = new Set(['ts', 'typescript']);

/**
 * What the snippets may assume, one entry per name. An import entry is kept unless the snippet
 * binds the same name; a declaration likewise. Keep it to what a reader would take as given.
 */
const PACKAGE_VALUES = [
  'createWaldurClient',
  'Decimal',
  'PagePromise',
  'WaldurAbortError',
  'WaldurApiError',
  'WaldurAuthenticationError',
  'WaldurBadRequestError',
  'WaldurConflictError',
  'WaldurError',
  'WaldurInputError',
  'WaldurNetworkError',
  'WaldurNotFoundError',
  'WaldurPermissionDeniedError',
  'WaldurRateLimitError',
  'WaldurResponseError',
  'WaldurServerError',
  'WaldurTimeoutError',
];
const PACKAGE_TYPES = [
  'DecimalInput',
  'MinimalConsumptionLogic',
  'Page',
  'ProjectCredit',
  'ProjectCreditInput',
  'ProjectCreditPatch',
  'ProjectCreditQuery',
  'WaldurClient',
  'WaldurClientOptions',
];
const TESTING_VALUES = ['createFakeWaldur'];
const DECLARATIONS = [
  ['waldur', 'declare const waldur: WaldurClient;'],
  ['projectUuid', 'declare const projectUuid: string; // a project of the organization, without a credit yet'],
  ['customer_uuid', 'declare const customer_uuid: string; // the organization shown'],
  ['uuid', 'declare const uuid: string; // a credit of the organization'],
  ['credits', 'declare const credits: ProjectCredit[];'],
  ['render', 'declare function render(items: readonly ProjectCredit[], caption?: string): void;'],
  ['nextButton', 'declare const nextButton: HTMLButtonElement;'],
  ['tenants', 'declare const tenants: ReadonlyArray<{ id: string; waldurUrl: string }>;'],
  ['secrets', 'declare const secrets: { get(key: string): string | Promise<string> };'],
  ['log', 'declare const log: { info(fields: Record<string, unknown>): void };'],
  ['myApp', 'declare const myApp: { showCredits(waldur: WaldurClient): Promise<void> };'],
  // The app's test runner (vitest, jest, …): only the matchers the README uses, so that the
  // compile checks this package's declarations, not a test runner's.
  ['expect', 'declare function expect(actual: unknown): { toHaveLength(length: number): void; toMatchObject(expected: object): void };'],
];

/** The fenced blocks of a Markdown text: language, the line of the opening fence (1-based), the heading it is under, body. */
export function fencedBlocks(markdown) {
  const lines = markdown.split('\n');
  const blocks = [];
  let section = '';
  for (let i = 0; i < lines.length; i++) {
    const heading = /^#{1,6}\s+(.*?)\s*$/.exec(lines[i]);
    if (heading) section = heading[1];
    const open = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)/.exec(lines[i]);
    if (!open) continue;
    const [, indent, fence, lang] = open;
    const body = [];
    let j = i + 1;
    while (j < lines.length && !new RegExp(`^\\s*${fence[0]}{${fence.length},}\\s*$`).test(lines[j])) body.push(lines[j++]);
    if (j === lines.length) throw new Error(`README.md:${i + 1}: a fenced block that never closes`);
    const code = body.map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l)).join('\n');
    blocks.push({ lang: lang.toLowerCase(), line: i + 1, section, code });
    i = j;
  }
  return blocks;
}

/** Every name a module's top level binds: imports, variables (destructuring included), functions, classes, types. */
function topLevelNames(code) {
  const source = ts.createSourceFile('snippet.ts', code, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const names = new Set();
  const bind = (name) => {
    if (!name) return;
    if (ts.isIdentifier(name)) names.add(name.text);
    else for (const element of name.elements) if (!ts.isOmittedExpression(element)) bind(element.name);
  };
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement) && statement.importClause) {
      const { name, namedBindings } = statement.importClause;
      bind(name);
      if (namedBindings && ts.isNamespaceImport(namedBindings)) bind(namedBindings.name);
      if (namedBindings && ts.isNamedImports(namedBindings)) for (const element of namedBindings.elements) bind(element.name);
    } else if (ts.isImportEqualsDeclaration(statement)) {
      bind(statement.name);
    } else if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) bind(declaration.name);
    } else if (
      ts.isFunctionDeclaration(statement) ||
      ts.isClassDeclaration(statement) ||
      ts.isInterfaceDeclaration(statement) ||
      ts.isTypeAliasDeclaration(statement) ||
      ts.isEnumDeclaration(statement)
    ) {
      bind(statement.name);
    }
  }
  return names;
}

function prelude(taken) {
  const free = (list) => list.filter((name) => !taken.has(name));
  const values = free(PACKAGE_VALUES);
  const types = free(PACKAGE_TYPES).map((name) => `type ${name}`);
  const testing = free(TESTING_VALUES);
  const lines = [];
  if (values.length + types.length > 0) lines.push(`import { ${[...values, ...types].join(', ')} } from 'waldur-project-credits';`);
  if (testing.length > 0) lines.push(`import { ${testing.join(', ')} } from 'waldur-project-credits/testing';`);
  for (const [name, declaration] of DECLARATIONS) if (!taken.has(name)) lines.push(declaration);
  return lines;
}

/** The fenced blocks of README.md. */
export function readmeBlocks() {
  return fencedBlocks(readFileSync(readme, 'utf8'));
}

function writeSnippets() {
  const blocks = readmeBlocks();
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const written = [];
  const skipped = [];
  for (const block of blocks) {
    if (!TS_FENCES.has(block.lang)) {
      skipped.push({ line: block.line, lang: block.lang || '(none)' });
      continue;
    }
    const head = [
      `// Generated by scripts/readme-snippets.mjs from the \`\`\`${block.lang} block at README.md line ${block.line}. Do not edit:`,
      '// edit README.md (or the prelude in the script) and run the script again.',
      ...prelude(topLevelNames(block.code)),
      'export {};',
    ];
    // The snippet's first line sits on README's line block.line + 1, when the prelude fits above it.
    const pad = Math.max(0, block.line - head.length);
    const file = join(outDir, `readme-line-${String(block.line).padStart(4, '0')}.ts`);
    writeFileSync(file, `${[...head, ...Array(pad).fill(''), block.code].join('\n')}\n`);
    written.push({ line: block.line, lang: block.lang, file: relative(root, file), sameLinesAsReadme: head.length <= block.line });
  }
  if (written.length === 0) throw new Error('README.md has no ```ts block: nothing to compile (did the fences change?)');
  return { written, skipped };
}

// Run as a script (not imported): write the modules.
if (process.argv[1] && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url))) {
  const result = writeSnippets();
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify(result));
  } else {
    for (const { line, file } of result.written) console.log(`README.md:${line} -> ${file}`);
    const skipped = result.skipped.map((s) => `${s.lang} (line ${s.line})`).join(', ') || 'none';
    console.log(`${result.written.length} TypeScript blocks written; not compiled: ${skipped}`);
  }
}
