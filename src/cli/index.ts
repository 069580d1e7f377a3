/**
 * The `waldur-credits` command, built into dist/cli.js and started by bin/waldur-credits.mjs.
 * Node only: never part of the browser entry.
 */
import { randomBytes } from 'node:crypto';
import { open, rename, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import type { Writable } from 'node:stream';
import { createWaldurClient, WaldurInputError } from 'waldur-project-credits';
import type { ProjectCredit, WaldurClient } from 'waldur-project-credits';
import { runApply } from './apply.js';
import { COMMANDS, parseCommandLine } from './args.js';
import type { Command, Connection, CountArgs, ExportArgs, GetArgs, ListArgs } from './args.js';
import { EXIT, flagError, report, UsageError } from './errors.js';
import { creditJson } from './fields.js';
import { HELP } from './help.js';
import { closedPipe, creditTable, fieldTable, fromArray, streamCredits, writeText } from './output.js';
import type { CsvOptions, Sink } from './output.js';
import { Progress } from './progress.js';
import { jsonText } from './safe.js';

/** A stream the command writes to; a terminal says so. */
export type Output = Writable & { isTTY?: boolean | undefined; columns?: number | undefined };

/** What the command runs with: its streams and environment, and how it hears Ctrl-C. */
export interface CliIo {
  stdout: Output;
  stderr: Output;
  env: Readonly<Record<string, string | undefined>>;
  /** Calls `stop` on Ctrl-C until the returned function is called. */
  onInterrupt(stop: () => void): () => void;
}

function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    onInterrupt(stop) {
      process.once('SIGINT', stop);
      return () => process.off('SIGINT', stop);
    },
  };
}

function client(connection: Connection): WaldurClient {
  return createWaldurClient({
    baseUrl: connection.url,
    token: connection.token,
    ...(connection.tokenType !== undefined ? { tokenType: connection.tokenType } : {}),
    ...(connection.timeoutMs !== undefined ? { timeoutMs: connection.timeoutMs } : {}),
  });
}

const stdoutSink = (io: CliIo): Sink => ({ out: io.stdout, end: false });

/** How CSV is written to stdout: `--csv-raw-text`, and whether stdout is a terminal. */
const csvToStdout = (args: { csvRawText: boolean }, io: CliIo): CsvOptions => ({ rawText: args.csvRawText, terminal: io.stdout.isTTY === true });

async function count(waldur: WaldurClient, args: CountArgs, io: CliIo): Promise<number> {
  const total = await waldur.projectCredits.count(args.query);
  io.stdout.write(`${total}\n`);
  return EXIT.ok;
}

async function list(waldur: WaldurClient, args: ListArgs, io: CliIo): Promise<number> {
  const format = args.format ?? (io.stdout.isTTY ? 'table' : 'csv');
  if (!args.all) {
    const page = await waldur.projectCredits.list(args.query);
    if (format === 'table') {
      const next = page.hasNextPage() ? `; next: --page ${page.page + 1}, or --all for every page` : '';
      const of = page.total !== null ? ` of ${page.total}` : '';
      const pages = page.lastPage !== null ? ` of ${page.lastPage}` : '';
      await writeText(
        `${creditTable(page.items, args.fields)}${page.items.length > 0 ? `page ${page.page}${pages}: ${page.items.length}${of} credits${next}\n` : ''}`,
        stdoutSink(io),
      );
    } else {
      await streamCredits(fromArray(page.items), format, args.fields, stdoutSink(io), csvToStdout(args, io));
    }
    return EXIT.ok;
  }
  // Every page. A table needs every row for its widths; the other formats stream. The progress
  // line shares the terminal with the output only when the output waits for the end (a table).
  const progress = new Progress(io.stderr, 'reading', args.quiet || (io.stdout.isTTY === true && format !== 'table'));
  const credits = waldur.projectCredits.list(args.query, { onProgress: ({ fetched, total }) => progress.update(fetched, total) });
  try {
    if (format === 'table') {
      const all: ProjectCredit[] = [];
      for await (const credit of credits) all.push(credit);
      progress.finish();
      await writeText(`${creditTable(all, args.fields)}${all.length > 0 ? `${all.length} credits\n` : ''}`, stdoutSink(io));
    } else {
      const n = await streamCredits(credits, format, args.fields, stdoutSink(io), csvToStdout(args, io));
      progress.finish(`listed ${n} credits in ${progress.elapsed().toFixed(1)} s`);
    }
  } finally {
    progress.finish();
  }
  return EXIT.ok;
}

async function get(waldur: WaldurClient, args: GetArgs, io: CliIo): Promise<number> {
  let credit: ProjectCredit;
  try {
    credit = await waldur.projectCredits.get(args.id);
  } catch (error) {
    if (error instanceof WaldurInputError && error.field === 'uuid') throw flagError(error, '<uuid|url>');
    throw error;
  }
  const format = args.format ?? (io.stdout.isTTY ? 'table' : 'json');
  // One credit: a table of its fields, or one JSON object; as ndjson or csv, a list of one.
  if (format === 'table') await writeText(fieldTable(credit, args.fields), stdoutSink(io));
  else if (format === 'json') await writeText(`${jsonText(creditJson(credit, args.fields), 2)}\n`, stdoutSink(io));
  else await streamCredits(fromArray([credit]), format, args.fields, stdoutSink(io), csvToStdout(args, io));
  return EXIT.ok;
}

/** The permission bits of the file `--output` replaces; `undefined` when there is none. */
async function modeOf(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).mode & 0o777;
  } catch {
    return undefined;
  }
}

/**
 * The temporary file of `--output`, new (never an existing one), as a stream. When it replaces a
 * file, it is created readable by its owner only and then given that file's permissions before
 * anything is written: a 0600 export stays 0600, and no credit is ever in a file more open than
 * the one it replaces. A new file gets the usual permissions (0666 less the umask).
 */
async function createOutput(path: string, mode: number | undefined): Promise<Writable> {
  const handle = await open(path, 'wx', mode === undefined ? 0o666 : 0o600);
  try {
    if (mode !== undefined) await handle.chmod(mode);
  } catch (error) {
    await handle.close();
    throw error;
  }
  return handle.createWriteStream();
}

async function exportCredits(waldur: WaldurClient, args: ExportArgs, io: CliIo): Promise<number> {
  // A file is written under a temporary name and renamed once complete: a failed or interrupted
  // export leaves no half file (and never truncates the previous one).
  const target =
    args.output === undefined
      ? undefined
      : { path: args.output, temp: join(dirname(args.output), `.${basename(args.output)}.${randomBytes(4).toString('hex')}.partial`) };
  const toFile = target !== undefined;
  const controller = new AbortController();
  const release = toFile ? io.onInterrupt(() => controller.abort(new Error('interrupted (Ctrl-C)'))) : () => {};
  const progress = new Progress(io.stderr, 'exporting', args.quiet || (!toFile && io.stdout.isTTY === true));
  const credits = waldur.projectCredits.list(args.query, {
    signal: controller.signal,
    onProgress: ({ fetched, total }) => progress.update(fetched, total),
  });
  let sink: Sink = stdoutSink(io);
  try {
    if (target) {
      const file = await createOutput(target.temp, await modeOf(target.path)).catch((error: unknown) => {
        const { code, message } = error as NodeJS.ErrnoException;
        throw new UsageError(`--output ${target.path}: cannot write there (${code ?? message})`, 'check that the folder exists and is writable');
      });
      sink = { out: file, end: true };
    }
    const n = await streamCredits(credits, args.format, args.fields, sink, toFile ? { rawText: args.csvRawText } : csvToStdout(args, io));
    if (target) await rename(target.temp, target.path);
    progress.finish(`exported ${n} credits${toFile ? ` to ${args.output}` : ''} in ${progress.elapsed().toFixed(1)} s`);
    return EXIT.ok;
  } catch (error) {
    if (target) {
      sink.out.destroy();
      await rm(target.temp, { force: true });
    }
    if (controller.signal.aborted) {
      progress.finish();
      io.stderr.write(`waldur-credits export: interrupted: ${args.output} was not written\n`);
      return EXIT.api;
    }
    throw error;
  } finally {
    progress.finish();
    release();
  }
}

/**
 * Runs `waldur-credits <command> <argv…>` and answers the exit status: 0 done, 1 the server
 * refused or failed, 2 a usage error, 3 some changes failed or were not sent. Never throws: every
 * failure is one line on stderr.
 */
export async function main(command: string, argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  if (!(COMMANDS as readonly string[]).includes(command)) {
    return report(
      new UsageError(`unknown command ${JSON.stringify(command)}; the commands are ${COMMANDS.join(', ')}`, 'see waldur-credits --help'),
      '',
      io.stderr,
    );
  }
  const name = command as Command;
  // A missing credit on `get` is about the UUID more likely than about the server.
  const hints: Record<string, string> =
    name === 'get' ? { WaldurNotFoundError: 'no credit with this UUID is visible to this token: check the UUID, and WALDUR_URL (--url)' } : {};
  try {
    const args = parseCommandLine(name, argv, io.env);
    let waldur: WaldurClient;
    try {
      waldur = client(args.connection);
    } catch (error) {
      if (error instanceof WaldurInputError) throw flagError(error);
      throw error;
    }
    switch (args.command) {
      case 'count':
        return await count(waldur, args, io);
      case 'list':
        return await list(waldur, args, io);
      case 'get':
        return await get(waldur, args, io);
      case 'export':
        return await exportCredits(waldur, args, io);
      case 'apply':
        return await runApply(waldur, args, io);
    }
  } catch (error) {
    if (closedPipe(error)) return EXIT.ok;
    return report(error, name, io.stderr, hints);
  }
}

/** The package's version, from its package.json (the command runs from the installed package or a clone). */
function version(): string {
  return (createRequire(import.meta.url)('waldur-project-credits/package.json') as { version: string }).version;
}

/**
 * Runs the command line `waldur-credits <argv…>` and answers the exit status (as {@link main}).
 * `--help` (`-h`, `help <command>`) and `--version` are answered first: help wins over anything
 * else on the line, even a mistake, up to a `--`.
 */
export async function run(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const [first, ...rest] = argv;
  const usage = (message: string) => report(new UsageError(message, 'see waldur-credits --help'), '', io.stderr);
  const help = (text: string) => {
    io.stdout.write(text);
    return EXIT.ok;
  };
  const commands = COMMANDS as readonly string[];
  if (first === undefined) return usage('a command is missing');
  if (first === '--help' || first === '-h') return help(HELP.main);
  if (first === '--version') return help(`${version()}\n`);
  if (first === 'help') {
    const topic = rest[0];
    if (topic === undefined) return help(HELP.main);
    return commands.includes(topic)
      ? help(HELP[topic as Command])
      : usage(`no command ${JSON.stringify(topic)}; the commands are ${COMMANDS.join(', ')}`);
  }
  if (!commands.includes(first)) {
    return usage(
      first.startsWith('-')
        ? `the command comes first, got ${JSON.stringify(first)}`
        : `unknown command ${JSON.stringify(first)}; the commands are ${COMMANDS.join(', ')}`,
    );
  }
  const end = rest.indexOf('--');
  const options = end < 0 ? rest : rest.slice(0, end);
  if (options.includes('--help') || options.includes('-h')) return help(HELP[first as Command]);
  return main(first, rest, io);
}
