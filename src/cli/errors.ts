/**
 * How the command fails: every error is one line on stderr, `waldur-credits <command>: <what>;
 * what to do: <hint>`, and an exit status. The hints are the ones `npm start` (scripts/demo.mjs)
 * gives, said for the command's flags and variables.
 */
import { WaldurError, WaldurInputError } from 'waldur-project-credits';
import { printable } from './safe.js';

/** Exit statuses: done, the server refused or failed, a usage error, some changes failed or were not made. */
export const EXIT = { ok: 0, api: 1, usage: 2, changes: 3 } as const;

/** A mistake on the command line or in a change file: exit status 2. */
export class UsageError extends Error {
  override name = 'UsageError';
  constructor(
    message: string,
    /** What to do, when there is more to say than "see --help". */
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** What to do about each kind of failure. */
export const HINTS: Readonly<Record<string, string>> = {
  WaldurAuthenticationError:
    'check the token (WALDUR_TOKEN or --token: the API token of your Waldur user profile) and its type (WALDUR_TOKEN_TYPE or --token-type: Token or Bearer)',
  WaldurPermissionDeniedError: 'the token is valid but may not do this: ask for a role in the organization (owner) or staff rights',
  WaldurNotFoundError: 'check WALDUR_URL (or --url): the deployment address, e.g. https://waldur.example.com, without /api',
  WaldurNetworkError: 'check that WALDUR_URL (or --url) is reachable from here (DNS, proxy, TLS)',
  WaldurTimeoutError: 'the server did not answer in time: try again, give it longer (--timeout, in seconds), or check WALDUR_URL',
  WaldurResponseError: 'check that WALDUR_URL is a Waldur API and that no proxy rewrites its answers',
  WaldurServerError: 'the server failed: try again later',
  WaldurRateLimitError: 'the server asks for fewer requests: wait a minute, then try again (apply: a lower --concurrency)',
  WaldurBadRequestError: 'the server refused the values: fix them as its message says',
  WaldurConflictError: 'the credit changed meanwhile: read it again, then decide',
  WaldurAbortError: 'nothing: it was interrupted',
};

/** Where a field named by the SDK came from on the command line. */
const FLAGS: Readonly<Record<string, string>> = {
  customer_uuid: '--customer-uuid',
  customer_name: '--customer-name',
  customer_slug: '--customer-slug',
  project_uuid: '--project-uuid',
  project_name: '--project-name',
  query: '--query',
  o: '--order',
  page: '--page',
  page_size: '--page-size',
  'options.baseUrl': '--url (WALDUR_URL)',
  'options.token': '--token (WALDUR_TOKEN)',
  'options.tokenType': '--token-type (WALDUR_TOKEN_TYPE)',
  'options.concurrency': '--concurrency',
};

/**
 * One line, whatever the message holds: line breaks become a space, and any other control
 * character (a server's message may hold ESC, CR, bidi controls) is shown as its escape.
 */
export function oneLine(text: string): string {
  return printable(text.replace(/\s*\n\s*/g, ' ').trim());
}

/** Where the SDK's reasons name one of its options, and the flag (and variable) said instead. */
const OPTION_WORDS: readonly (readonly [RegExp, string])[] = [
  [/Use baseUrl: "([^"]*)"/g, 'Use --url $1'],
  [/tokenType: '(Token|Bearer)'/g, '--token-type $1 (or WALDUR_TOKEN_TYPE=$1)'],
];

/** An SDK input error on a flag, said with the flag's name; the SDK's option names in its reason said as flags too. */
export function flagError(error: WaldurInputError, positional?: string): UsageError {
  const flag = FLAGS[error.field] ?? (error.field === 'uuid' && positional ? positional : error.field);
  const reason = OPTION_WORDS.reduce((text, [sdk, command]) => text.replace(sdk, command), error.reason);
  return new UsageError(`${flag}: ${reason}`);
}

/** Writes the one line of `error` for `command` and answers the exit status. */
export function report(
  error: unknown,
  command: string,
  stderr: { write(text: string): unknown },
  hints: Readonly<Record<string, string>> = {},
): number {
  const prefix = `waldur-credits${command ? ` ${command}` : ''}`;
  if (error instanceof UsageError) {
    stderr.write(`${prefix}: ${oneLine(error.message)}; what to do: ${error.hint ?? `see waldur-credits ${command ? `${command} ` : ''}--help`}\n`);
    return EXIT.usage;
  }
  if (error instanceof WaldurInputError) return report(flagError(error), command, stderr, hints);
  if (error instanceof WaldurError) {
    const hint = hints[error.name] ?? HINTS[error.name] ?? 'see the message';
    stderr.write(`${prefix}: ${error.name}: ${oneLine(error.message)}; what to do: ${hint}\n`);
    return EXIT.api;
  }
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) {
    // A file that cannot be read or written: the system's own words.
    stderr.write(`${prefix}: ${oneLine(error instanceof Error ? error.message : String(error))}; what to do: check the path and its permissions\n`);
    return EXIT.usage;
  }
  stderr.write(
    `${prefix}: unexpected failure: ${oneLine(error instanceof Error ? `${error.name}: ${error.message}` : String(error))}; what to do: report it, with the command that failed\n`,
  );
  return EXIT.api;
}
