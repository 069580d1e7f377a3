#!/usr/bin/env node
// waldur-project-credits-fake: the fake Waldur of `waldur-project-credits/testing` over HTTP, for a
// browser app, a script or any tool that speaks HTTP. CORS answers any origin and exposes Link
// and X-Result-Count. It prints the baseUrl to give the client (the server's origin).
//
//   npx waldur-project-credits-fake --port 8765            (from the installed package)
//   npm run fake-server -- --port 8765                     (from a clone: builds first)
//
// `--help` and argument errors are answered before anything is loaded: they need no build.
import { realpathSync } from 'node:fs';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';

export const HELP = `Usage: waldur-project-credits-fake [options]

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
export class UsageError extends Error {}

const VALUE_OPTIONS = new Set([
  '--port', '--host', '--credits', '--seed', '--profile', '--token', '--staff-token', '--owner-token', '--project-token', '--no-role-token',
]);
const FLAGS = new Set(['--decimals-as-strings', '--reject-unknown-projects', '--hide-org', '--no-expose', '--help', '-h']);

/**
 * Reads the command line: `{ help: true }`, or the options of {@link startFakeServer}. Throws
 * {@link UsageError} for anything it does not understand.
 */
export function parseArguments(argv) {
  const values = new Map();
  const flags = new Set();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (FLAGS.has(name) && eq < 0) {
      flags.add(name);
    } else if (VALUE_OPTIONS.has(name)) {
      const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined || (eq < 0 && value.startsWith('--'))) throw new UsageError(`${name} needs a value`);
      values.set(name, [...(values.get(name) ?? []), value]);
    } else {
      throw new UsageError(`unknown option ${JSON.stringify(arg)}`);
    }
  }
  if (flags.has('--help') || flags.has('-h')) return { help: true };
  const last = (name) => values.get(name)?.at(-1);
  const whole = (name, fallback, min) => {
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
  if (!['current', 'legacy', 'newer'].includes(profile)) {
    throw new UsageError(`--profile must be current, legacy or newer, got ${JSON.stringify(profile)}`);
  }
  const token = last('--token') ?? 'test';
  const users = {};
  const add = (name, user) => {
    if (!name || /\s/.test(name)) throw new UsageError(`a token must be non-empty and without spaces, got ${JSON.stringify(name)}`);
    if (name === token || Object.hasOwn(users, name)) throw new UsageError(`the token ${JSON.stringify(name)} is given twice`);
    users[name] = user;
  };
  const scoped = (option) =>
    (values.get(option) ?? []).map((spec) => {
      const at = spec.indexOf('=');
      const ids = at > 0 ? spec.slice(at + 1).split(',').filter(Boolean) : [];
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
      profile,
      token,
      users,
      decimalsAsStrings: flags.has('--decimals-as-strings'),
      unknownProjects: flags.has('--reject-unknown-projects') ? 'reject' : 'create',
      hideOrganizationFields: flags.has('--hide-org'),
      exposeHeaders: !flags.has('--no-expose'),
    },
  };
}

/** The package's testing entry, built next to this file (dist/); a clear error when it is not. */
async function loadTesting() {
  const entry = new URL('../dist/testing.js', import.meta.url);
  try {
    return await import(entry.href);
  } catch (error) {
    if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes(fileURLToPath(entry))) {
      throw new Error(`${fileURLToPath(entry)} is missing: build the package first (npm run build), or run \`npm run fake-server\`, which builds`);
    }
    throw error;
  }
}

/**
 * Starts the fake Waldur over HTTP. Resolves to `{ origin, baseUrl, fake, close }`: `baseUrl` (the
 * same as `origin`) is what to give the client; `fake` is the object `createFakeWaldur` returns,
 * its state yours to read and change.
 */
export async function startFakeServer({ port = 0, host = '127.0.0.1', exposeHeaders = true, ...fakeOptions } = {}) {
  const { createFakeWaldur } = await loadTesting();
  let fake;
  const server = createServer(async (req, res) => {
    const cors = {
      'Access-Control-Allow-Origin': req.headers.origin ?? '*',
      'Access-Control-Allow-Headers': 'Authorization, Content-Type',
      'Access-Control-Allow-Methods': 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS',
      'Access-Control-Max-Age': '600',
      Vary: 'Origin',
      ...(exposeHeaders ? { 'Access-Control-Expose-Headers': 'Link, X-Result-Count' } : {}),
    };
    try {
      if (req.method === 'OPTIONS') {
        res.writeHead(204, cors);
        return res.end();
      }
      const chunks = [];
      for await (const chunk of req) chunks.push(chunk);
      const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(name, value);
      const response = await fake.fetch(`${fake.baseUrl}${req.url}`, { method: req.method, headers, body });
      const out = { ...cors };
      response.headers.forEach((value, name) => (out[name] = value));
      res.writeHead(response.status, out);
      res.end(Buffer.from(await response.arrayBuffer()));
    } catch (error) {
      res.writeHead(500, { ...cors, 'Content-Type': 'text/plain' });
      res.end(`fake Waldur failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => (server.off('error', reject), resolve()));
  });
  const address = server.address();
  // A wildcard address is reached from this machine on loopback.
  const shown = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '[::1]' : host.includes(':') ? `[${host}]` : host;
  const origin = `http://${shown}:${address.port}`;
  fake = createFakeWaldur({ ...fakeOptions, baseUrl: origin });
  return {
    origin,
    baseUrl: origin,
    fake,
    close: () => new Promise((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

/** The command: parse, answer --help, start, print the baseUrl, stop on SIGINT/SIGTERM. Returns the exit code. */
export async function main(argv = process.argv.slice(2), out = process.stdout, err = process.stderr) {
  let parsed;
  try {
    parsed = parseArguments(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    err.write(`waldur-project-credits-fake: ${error.message} (see --help)\n`);
    return 2;
  }
  if (parsed.help) {
    out.write(HELP);
    return 0;
  }
  const { options } = parsed;
  let served;
  try {
    served = await startFakeServer(options);
  } catch (error) {
    const reason = error?.code === 'EADDRINUSE' ? `port ${options.port} on ${options.host} is in use (try --port 0)` : error instanceof Error ? error.message : String(error);
    err.write(`waldur-project-credits-fake: ${reason}\n`);
    return 1;
  }
  const { fake, baseUrl } = served;
  const lines = [
    `Fake Waldur (profile ${fake.profile}, ${fake.credits.length} credits) is listening.`,
    `baseUrl: ${baseUrl}`,
    `  give the client this baseUrl, not the collection URL ${baseUrl}/api/project-credits/:`,
    `  createWaldurClient({ baseUrl: '${baseUrl}', token: '${options.token}' })`,
    `tokens: ${options.token} (staff)${Object.entries(options.users).map(([t, u]) => `, ${t} (${u.role === 'none' ? 'no role' : u.role})`).join('')}`,
    'projects without a credit (to create one):',
    ...fake.projects.map((p) => {
      const org = fake.organizations.find((o) => o.uuid === p.customer_uuid);
      return `  ${p.uuid}  ${p.name} (${org?.name ?? '?'}${org && org.credit === null ? ', no customer credit' : ''})`;
    }),
    'Ctrl-C to stop.',
  ];
  out.write(`${lines.join('\n')}\n`);
  await new Promise((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await served.close();
  return 0;
}

/** True when this file is the program being run (also through npm's bin symlink). */
function isMain() {
  try {
    return !!process.argv[1] && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMain()) {
  // exitCode, not exit(): output written to a pipe is flushed before the process ends.
  main().then(
    (code) => (process.exitCode = code),
    (error) => {
      process.stderr.write(`waldur-project-credits-fake: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
