/**
 * The `waldur-project-credits-fake` command: the fake Waldur over HTTP from a shell, until Ctrl-C.
 * Built into dist/fake-server.js and started by bin/waldur-project-credits-fake.mjs. Node only,
 * not an export path of the package.
 *
 *   npx waldur-project-credits-fake --port 8765            (from the installed package)
 *   npm run fake-server -- --port 8765                     (from a clone: builds first)
 */
import type { Writable } from 'node:stream';
import { startFakeServer } from 'waldur-project-credits/testing/server';
import type { FakeServer, FakeServerOptions } from 'waldur-project-credits/testing/server';
import type { FakeProfile, FakeUser } from 'waldur-project-credits/testing';

/** The command's help. */
const HELP = `Usage: waldur-project-credits-fake [options]

Serves a fake Waldur /api/project-credits/ over HTTP, with CORS, until Ctrl-C. It prints the
baseUrl to give the client: the server's origin (http://127.0.0.1:8765), not the collection URL.

Options:
  --port <n>               port to listen on (default 8765; 0 picks a free one)
  --host <host>            interface to listen on (default 127.0.0.1)
  --credits <n>            how many generated credits (default 250)
  --seed <n>               another deterministic set of credits (default 1)
  --profile <name>         current: Waldur 8.x (default); legacy: the 2024-10 server;
                           newer: 8.x with spendable_value and project members reading credits
  --token <token>          the staff token (default test)
  --staff-token <token>    another staff token (repeatable)
  --owner-token <token>=<organization-uuid>[,<uuid>...]
                           a token of an owner of those organizations (repeatable)
  --project-token <token>=<project-uuid>[,<uuid>...]
                           a token of a member of those projects (repeatable)
  --no-role-token <token>  a token of a user without roles: empty lists, 403 on create (repeatable)
  --decimals-as-strings    organization amounts and consumption as decimal strings, not JSON numbers
  --reject-unknown-projects
                           refuse a project UUID the fake does not know, as Waldur does
                           (default: it becomes a new project of the first organization)
  --hide-org               leave out customer_credit, allocated_customer_credit and offerings
                           for every token
  --no-expose              do not expose Link and X-Result-Count to browsers (CORS), to see
                           what a browser sees when the server forgets to
  -h, --help               show this help

Example:
  waldur-project-credits-fake --port 8765 --no-role-token nobody
  then in the app: createWaldurClient({ baseUrl: 'http://127.0.0.1:8765', token: 'test' })
`;

/** A command-line mistake: the message is for the user, the exit code 2. */
class UsageError extends Error {
  override name = 'UsageError';
}

/** What to serve: the options of `startFakeServer`, every one given. */
interface ServeOptions extends FakeServerOptions {
  port: number;
  host: string;
  token: string;
  users: Record<string, FakeUser>;
}

const VALUE_OPTIONS = new Set([
  '--port',
  '--host',
  '--credits',
  '--seed',
  '--profile',
  '--token',
  '--staff-token',
  '--owner-token',
  '--project-token',
  '--no-role-token',
]);
const FLAGS = new Set(['--decimals-as-strings', '--reject-unknown-projects', '--hide-org', '--no-expose', '--help', '-h']);
const PROFILES: readonly FakeProfile[] = ['current', 'legacy', 'newer'];

/**
 * Reads the command line: `{ help: true }`, or what to serve. Throws {@link UsageError} for
 * anything it does not understand.
 */
function parseArguments(argv: readonly string[]): { help: true } | { help: false; options: ServeOptions } {
  const values = new Map<string, string[]>();
  const flags = new Set<string>();
  const args = argv.values();
  for (const arg of args) {
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (FLAGS.has(name) && eq < 0) {
      flags.add(name);
    } else if (VALUE_OPTIONS.has(name)) {
      const value = eq > 0 ? arg.slice(eq + 1) : args.next().value;
      if (value === undefined || (eq < 0 && value.startsWith('--'))) throw new UsageError(`${name} needs a value`);
      values.set(name, [...(values.get(name) ?? []), value]);
    } else {
      throw new UsageError(`unknown option ${JSON.stringify(arg)}`);
    }
  }
  if (flags.has('--help') || flags.has('-h')) return { help: true };
  const last = (name: string) => values.get(name)?.at(-1);
  const whole = (name: string, fallback: number, min: number) => {
    const text = last(name);
    if (text === undefined) return fallback;
    if (!/^\d+$/.test(text) || Number(text) < min || !Number.isSafeInteger(Number(text))) {
      throw new UsageError(`${name} must be a whole number of at least ${min}, got ${JSON.stringify(text)}`);
    }
    return Number(text);
  };
  const port = whole('--port', 8765, 0);
  if (port > 65535) throw new UsageError(`--port must be at most 65535, got ${port}`);
  const profile = last('--profile') ?? 'current';
  if (!(PROFILES as readonly string[]).includes(profile)) {
    throw new UsageError(`--profile must be current, legacy or newer, got ${JSON.stringify(profile)}`);
  }
  const token = last('--token') ?? 'test';
  const users: Record<string, FakeUser> = {};
  const add = (name: string, user: FakeUser) => {
    if (!name || /\s/.test(name)) throw new UsageError(`a token must be non-empty and without spaces, got ${JSON.stringify(name)}`);
    if (name === token || Object.hasOwn(users, name)) throw new UsageError(`the token ${JSON.stringify(name)} is given twice`);
    users[name] = user;
  };
  const scoped = (option: string): [string, string[]][] =>
    (values.get(option) ?? []).map((spec) => {
      const at = spec.indexOf('=');
      const ids =
        at > 0
          ? spec
              .slice(at + 1)
              .split(',')
              .filter(Boolean)
          : [];
      if (ids.length === 0) throw new UsageError(`${option} takes <token>=<uuid>[,<uuid>...], got ${JSON.stringify(spec)}`);
      for (const id of ids) {
        if (!/^[0-9a-f]{32}$/i.test(id.replaceAll('-', ''))) throw new UsageError(`${option}: ${JSON.stringify(id)} is not a UUID`);
      }
      return [spec.slice(0, at), ids];
    });
  for (const name of values.get('--staff-token') ?? []) add(name, { role: 'staff' });
  for (const [name, organizations] of scoped('--owner-token')) add(name, { role: 'owner', organizations });
  for (const [name, projects] of scoped('--project-token')) add(name, { role: 'project', projects });
  for (const name of values.get('--no-role-token') ?? []) add(name, { role: 'none' });
  return {
    help: false,
    options: {
      port,
      host: last('--host') ?? '127.0.0.1',
      credits: whole('--credits', 250, 0),
      seed: whole('--seed', 1, 0),
      profile: profile as FakeProfile,
      token,
      users,
      decimalsAsStrings: flags.has('--decimals-as-strings'),
      unknownProjects: flags.has('--reject-unknown-projects') ? 'reject' : 'create',
      hideOrganizationFields: flags.has('--hide-org'),
      exposeHeaders: !flags.has('--no-expose'),
    },
  };
}

/** What the command prints once it listens: the baseUrl, the tokens, projects to create a credit for. */
function banner({ fake, baseUrl }: FakeServer, options: ServeOptions): string {
  const lines = [
    `Fake Waldur (profile ${fake.profile}, ${fake.credits.length} credits) is listening.`,
    `baseUrl: ${baseUrl}`,
    `  give the client this baseUrl, not the collection URL ${baseUrl}/api/project-credits/:`,
    `  createWaldurClient({ baseUrl: '${baseUrl}', token: '${options.token}' })`,
    `tokens: ${options.token} (staff)${Object.entries(options.users)
      .map(([t, u]) => `, ${t} (${u.role === 'none' ? 'no role' : u.role})`)
      .join('')}`,
    'projects without a credit (to create one):',
    ...fake.projects.map((p) => {
      const org = fake.organizations.find((o) => o.uuid === p.customer_uuid);
      return `  ${p.uuid}  ${p.name} (${org?.name ?? '?'}${org && org.credit === null ? ', no customer credit' : ''})`;
    }),
    'Ctrl-C to stop.',
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * The command: parse, answer --help, start, print the baseUrl, stop on SIGINT/SIGTERM. Resolves
 * to the exit status (0 stopped, 1 could not serve, 2 a usage error); never throws.
 */
export async function main(
  argv: readonly string[] = process.argv.slice(2),
  out: Writable = process.stdout,
  err: Writable = process.stderr,
): Promise<number> {
  const fail = (message: string, code: number) => {
    err.write(`waldur-project-credits-fake: ${message}\n`);
    return code;
  };
  let parsed: ReturnType<typeof parseArguments>;
  try {
    parsed = parseArguments(argv);
  } catch (error) {
    if (error instanceof UsageError) return fail(`${error.message} (see --help)`, 2);
    return fail(error instanceof Error ? error.message : String(error), 1);
  }
  if (parsed.help) {
    out.write(HELP);
    return 0;
  }
  const { options } = parsed;
  let served: FakeServer;
  try {
    served = await startFakeServer(options);
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    return fail(
      code === 'EADDRINUSE'
        ? `port ${options.port} on ${options.host} is in use (try --port 0)`
        : error instanceof Error
          ? error.message
          : String(error),
      1,
    );
  }
  out.write(banner(served, options));
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await served.close();
  return 0;
}
