/**
 * The command line of each subcommand, read by `node:util` `parseArgs` (strict: an unknown flag or
 * a missing value is a usage error). `--help` never gets here: `run` (./index.ts) answers it.
 */
import { parseArgs } from 'node:util';
import type { ProjectCreditOrdering, ProjectCreditQuery } from 'waldur-project-credits';
import { UsageError, oneLine } from './errors.js';
import { ALL_FIELDS, isField } from './fields.js';
import type { Field } from './fields.js';

/** The subcommands. */
export const COMMANDS = ['count', 'list', 'get', 'export', 'apply'] as const;
/** A subcommand. */
export type Command = (typeof COMMANDS)[number];

type Spec = NonNullable<Parameters<typeof parseArgs>[0]>['options'];

const CONNECTION = {
  url: { type: 'string' },
  token: { type: 'string' },
  'token-type': { type: 'string' },
  timeout: { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
} as const satisfies Spec;

const FILTERS = {
  'customer-uuid': { type: 'string' },
  'customer-name': { type: 'string' },
  'customer-slug': { type: 'string' },
  'project-uuid': { type: 'string' },
  'project-name': { type: 'string' },
  query: { type: 'string' },
} as const satisfies Spec;

const SPECS = {
  count: { ...CONNECTION, ...FILTERS },
  list: {
    ...CONNECTION,
    ...FILTERS,
    order: { type: 'string', multiple: true },
    page: { type: 'string' },
    'page-size': { type: 'string' },
    all: { type: 'boolean' },
    format: { type: 'string' },
    fields: { type: 'string' },
    'csv-raw-text': { type: 'boolean' },
  },
  get: { ...CONNECTION, format: { type: 'string' }, fields: { type: 'string' }, 'csv-raw-text': { type: 'boolean' } },
  export: {
    ...CONNECTION,
    ...FILTERS,
    order: { type: 'string', multiple: true },
    'page-size': { type: 'string' },
    format: { type: 'string' },
    fields: { type: 'string' },
    output: { type: 'string', short: 'o' },
    'csv-raw-text': { type: 'boolean' },
  },
  apply: {
    ...CONNECTION,
    yes: { type: 'boolean', short: 'y' },
    'dry-run': { type: 'boolean' },
    concurrency: { type: 'string' },
    format: { type: 'string' },
    verbose: { type: 'boolean', short: 'v' },
  },
} as const satisfies Record<Command, Spec>;

/** How to reach the server. */
export interface Connection {
  url: string;
  token: string;
  tokenType: string | undefined;
  /** `--timeout`, in milliseconds: how long one request may take. */
  timeoutMs: number | undefined;
}

/** The output formats. */
export type Format = 'table' | 'json' | 'ndjson' | 'csv';

/** What every subcommand reads. */
export interface Common {
  connection: Connection;
  quiet: boolean;
}

/** `count`. */
export interface CountArgs extends Common {
  command: 'count';
  query: ProjectCreditQuery;
}

/** `list`. */
export interface ListArgs extends Common {
  command: 'list';
  query: ProjectCreditQuery;
  all: boolean;
  format: Format | undefined;
  fields: Field[] | undefined;
  /** `--csv-raw-text`: CSV text cells as the server sent them, not neutralised. */
  csvRawText: boolean;
}

/** `get`. */
export interface GetArgs extends Common {
  command: 'get';
  id: string;
  format: Format | undefined;
  fields: Field[] | undefined;
  /** `--csv-raw-text`. */
  csvRawText: boolean;
}

/** `export`. */
export interface ExportArgs extends Common {
  command: 'export';
  query: ProjectCreditQuery;
  format: 'csv' | 'ndjson';
  fields: Field[] | undefined;
  output: string | undefined;
  /** `--csv-raw-text`. */
  csvRawText: boolean;
}

/** `apply`. */
export interface ApplyArgs extends Common {
  command: 'apply';
  file: string;
  yes: boolean;
  concurrency: number | undefined;
  format: 'table' | 'json';
  /** List the credits already as wanted too (by default only counted). */
  verbose: boolean;
}

/** Any subcommand's arguments. */
export type Args = CountArgs | ListArgs | GetArgs | ExportArgs | ApplyArgs;

/**
 * `--order -value` is what people type; parseArgs wants `--order=-value` for a value starting
 * with a dash. Orderings are the only values that do, so that one form is joined here.
 */
function joinOrderValues(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (const [i, arg] of argv.entries()) {
    if (out.at(-1) === '--order' && /^-[a-z_,-]+$/.test(arg)) {
      out[out.length - 1] = `--order=${arg}`;
    } else if (arg === '--') {
      out.push(...argv.slice(i));
      break;
    } else {
      out.push(arg);
    }
  }
  return out;
}

/**
 * `--yes=true` and `--yes=false`, as a script passes a switch from a variable: parseArgs takes no
 * value after a switch, so they are read here. `--x=true` is `--x`; `--x=false` leaves `x` off and
 * is remembered (in `off`), so that it can contradict `--x`. Any other value is a usage error.
 */
function switchValues(argv: readonly string[], spec: Spec): { args: string[]; off: Set<string> } {
  const args: string[] = [];
  const off = new Set<string>();
  for (const [i, arg] of argv.entries()) {
    if (arg === '--') {
      args.push(...argv.slice(i));
      break;
    }
    const match = /^--([^=]+)=([\s\S]*)$/.exec(arg);
    const name = match?.[1];
    if (!match || name === undefined || spec?.[name]?.type !== 'boolean') {
      args.push(arg);
      continue;
    }
    const value = match[2] ?? '';
    if (/^true$/i.test(value)) args.push(`--${name}`);
    else if (/^false$/i.test(value)) off.add(name);
    else
      throw new UsageError(`--${name} is a switch: give it alone, or as --${name}=true or --${name}=false, got --${name}=${JSON.stringify(value)}`);
  }
  for (const name of off) {
    if (args.includes(`--${name}`) || (spec?.[name]?.short !== undefined && args.includes(`-${spec[name].short}`))) {
      throw new UsageError(`--${name} and --${name}=false contradict each other: give one`);
    }
  }
  return { args, off };
}

/** parseArgs's own message, on one line and without its advice for another program. */
function parseArgsMessage(error: unknown): string {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  const option = /'(-[^' ]*)[^']*'/.exec(message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) return `unknown option ${option}`;
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return `unexpected argument ${JSON.stringify(/'([^']*)'/.exec(message)?.[1] ?? '')}`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option && /does not take an argument/.test(message)) {
    return `${option} is a switch: give it alone, or as ${option}=true or ${option}=false`;
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option) {
    return /ambiguous/.test(message) ? `${option} needs a value (write ${option}=<value> for one starting with -)` : `${option} needs a value`;
  }
  return oneLine(message);
}

function whole(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text)))
    throw new UsageError(`--${name} must be a whole number, got ${JSON.stringify(text)}`);
  return Number(text);
}

/** The longest timeout timers support: 2^31 - 1 ms, about 24.8 days. */
const MAX_TIMEOUT_MS = 2_147_483_647;

/** `--timeout <seconds>` in milliseconds: a decimal number of seconds, at least 1 ms, at most about 24 days. */
function timeout(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const ms = /^\d{1,7}(\.\d+)?$/.test(text) ? Math.round(Number(text) * 1000) : Number.NaN;
  if (!(ms >= 1 && ms <= MAX_TIMEOUT_MS)) {
    throw new UsageError(
      `--timeout must be a number of seconds, more than 0 and at most 2147483 (about 24 days), e.g. 30 or 2.5, got ${JSON.stringify(text)}`,
    );
  }
  return ms;
}

function oneOf<T extends string>(name: string, text: string | undefined, allowed: readonly T[]): T | undefined {
  if (text === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(text))
    throw new UsageError(`--${name} must be ${allowed.slice(0, -1).join(', ')} or ${allowed.at(-1)}, got ${JSON.stringify(text)}`);
  return text as T;
}

function fieldList(text: string | undefined): Field[] | undefined {
  if (text === undefined) return undefined;
  const names = text
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  if (names.length === 0) throw new UsageError('--fields needs at least one field name');
  for (const name of names) {
    if (!isField(name)) throw new UsageError(`--fields: ${JSON.stringify(name)} is not a field; the fields are ${ALL_FIELDS.join(', ')}`);
  }
  return names as Field[];
}

function connection(
  values: { url?: string | undefined; token?: string | undefined; 'token-type'?: string | undefined; timeout?: string | undefined },
  env: Readonly<Record<string, string | undefined>>,
): Connection {
  const url = values.url ?? (env.WALDUR_URL || undefined);
  const token = values.token ?? (env.WALDUR_TOKEN || undefined);
  if (!url) throw new UsageError('no server: set WALDUR_URL (e.g. https://waldur.example.com) or pass --url', 'see waldur-credits --help');
  if (!token)
    throw new UsageError('no token: set WALDUR_TOKEN (the API token of your Waldur user profile) or pass --token', 'see waldur-credits --help');
  return { url, token, tokenType: values['token-type'] ?? (env.WALDUR_TOKEN_TYPE || undefined), timeoutMs: timeout(values.timeout) };
}

function filters(values: Partial<Record<keyof typeof FILTERS, string | undefined>>): ProjectCreditQuery {
  return {
    customer_uuid: values['customer-uuid'],
    customer_name: values['customer-name'],
    customer_slug: values['customer-slug'],
    project_uuid: values['project-uuid'],
    project_name: values['project-name'],
    query: values.query,
  };
}

function ordering(values: readonly string[] | undefined): ProjectCreditOrdering[] | undefined {
  if (!values) return undefined;
  return values
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean) as ProjectCreditOrdering[];
}

/** Reads the arguments of `command` (after the command's name). Throws {@link UsageError}. */
export function parseCommandLine(command: Command, argv: readonly string[], env: Readonly<Record<string, string | undefined>>): Args {
  const positionals = command === 'get' || command === 'apply';
  const { args, off } = switchValues(argv, SPECS[command]);
  let parsed;
  try {
    parsed = parseArgs({ args: joinOrderValues(args), options: SPECS[command], strict: true, allowPositionals: positionals });
  } catch (error) {
    throw new UsageError(parseArgsMessage(error));
  }
  const values = parsed.values as Record<string, string | boolean | string[] | undefined>;
  const str = (name: string) => values[name] as string | undefined;
  const flag = (name: string) => values[name] === true;
  /** The one positional argument of get and apply, checked before their options. */
  const positional = (what: string): string => {
    const [first, ...more] = parsed.positionals;
    if (first === undefined) throw new UsageError(`${what} is missing`);
    if (more.length > 0)
      throw new UsageError(`one ${what} only, got ${parsed.positionals.length}: ${parsed.positionals.map((p) => JSON.stringify(p)).join(' ')}`);
    return first;
  };
  // Flags first (a typo is found without a server), then the connection.
  const common = () => ({ connection: connection(values, env), quiet: flag('quiet') });
  switch (command) {
    case 'count': {
      const query = filters(values);
      return { command, query, ...common() };
    }
    case 'list': {
      const query: ProjectCreditQuery = {
        ...filters(values),
        o: ordering(values.order as string[] | undefined),
        page: whole('page', str('page')),
        page_size: whole('page-size', str('page-size')),
      };
      const format = oneOf<Format>('format', str('format'), ['table', 'json', 'ndjson', 'csv']);
      const fields = fieldList(str('fields'));
      return { command, query, all: flag('all'), format, fields, csvRawText: flag('csv-raw-text'), ...common() };
    }
    case 'get': {
      const id = positional('<uuid|url>');
      const format = oneOf<Format>('format', str('format'), ['table', 'json', 'ndjson', 'csv']);
      const fields = fieldList(str('fields'));
      return { command, id, format, fields, csvRawText: flag('csv-raw-text'), ...common() };
    }
    case 'export': {
      const query: ProjectCreditQuery = {
        ...filters(values),
        o: ordering(values.order as string[] | undefined),
        page_size: whole('page-size', str('page-size')),
      };
      const format = oneOf<'csv' | 'ndjson'>('format', str('format'), ['csv', 'ndjson']) ?? 'csv';
      const fields = fieldList(str('fields'));
      const output = str('output');
      if (output === '') throw new UsageError('--output needs a file name');
      return { command, query, format, fields, output, csvRawText: flag('csv-raw-text'), ...common() };
    }
    case 'apply': {
      const file = positional('<changes.csv|changes.json>');
      const concurrency = whole('concurrency', str('concurrency'));
      const format = oneOf<'table' | 'json'>('format', str('format'), ['table', 'json']) ?? 'table';
      // --dry-run names the default; only --yes applies.
      if (flag('yes') && flag('dry-run')) {
        throw new UsageError(
          '--dry-run and --yes contradict each other: --dry-run (the default) prints the plan and sends nothing, --yes applies it; give one',
        );
      }
      if (off.has('dry-run') && !flag('yes'))
        throw new UsageError('--dry-run=false does not apply the plan: only --yes does', 'add --yes to apply it');
      return { command, file, yes: flag('yes'), concurrency, format, verbose: flag('verbose'), ...common() };
    }
  }
}
