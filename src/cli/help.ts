/**
 * The help of `waldur-credits` and of each of its commands, written once, here. The lists of
 * fields come from the command's own constants: a field `--fields` accepts or a change may set
 * is named in the help because the command knows it.
 */
import type { Command } from './args.js';
import { WRITABLE_FIELDS } from './changes.js';
import { ALL_FIELDS, CSV_FIELDS, TABLE_FIELDS } from './fields.js';

/** Where an option's description starts. */
const DEFAULT_INDENT = ' '.repeat(25);

/** `items` joined by `, `, broken at spaces into lines of at most 98 columns, each starting with `indent`. */
function wrap(items: readonly string[], indent: string): string {
  const words = items.join(', ').split(' ');
  const out: string[] = [];
  let line = indent;
  for (const word of words) {
    if (line.length > indent.length && line.length + 1 + word.length > 98) {
      out.push(line);
      line = indent;
    }
    line += line.length > indent.length ? ` ${word}` : word;
  }
  out.push(line);
  return out.join('\n');
}

/** What the help says of a field a change may set, besides its name. */
const WRITABLE_NOTES: Readonly<Partial<Record<(typeof WRITABLE_FIELDS)[number], string>>> = {
  end_date: 'YYYY-MM-DD or null',
  minimal_consumption_logic: 'fixed or linear',
  grace_coefficient: 'a whole number, 0 to 999',
  use_organisation_credit: 'servers before 8.x',
  project: 'a project UUID or URL',
};

const CONNECTION = `Connection (every command):
  --url <url>            the Waldur deployment, e.g. https://waldur.example.com (without /api);
                         default $WALDUR_URL
  --token <token>        an API token (shown in your Waldur user profile); default $WALDUR_TOKEN.
                         Prefer the variable: a flag is visible to other users of this machine
  --token-type <type>    Token (default) or Bearer (an OIDC JWT); default $WALDUR_TOKEN_TYPE
  --timeout <seconds>    how long one request may take, its answer included (each retry has its
                         own); a number of seconds such as 30 or 2.5; default 30
  -q, --quiet            no progress line on stderr (one is drawn only when stderr is a terminal)
  -h, --help             this help; --version prints the package's version
A switch (--yes, --all, --quiet, …) also takes =true or =false, for scripts: --yes=false.`;

const FILTERS = `Filters:
  --customer-uuid <uuid>   the credits of one organization
  --customer-name <text>   organization name (the server's match)
  --customer-slug <slug>   organization slug
  --project-uuid <uuid>    the credit of one project
  --project-name <text>    project name (the server's match)
  --query <text>           free-text search`;

const ORDER = `  --order <field>        value, end_date, expected_consumption or project_name; a leading -
                         sorts descending (--order -value). Repeat it, or give a comma list`;

const FIELDS = `Fields (--fields a,b,c picks them, in that order):
${wrap(ALL_FIELDS, '  ')}`;

const CSV_DEFAULT = wrap([`csv: ${CSV_FIELDS.join(', ')} (and use_organisation_credit from servers before 8.x)`], DEFAULT_INDENT);

const SAFE = `Safe output (names are chosen by project members; a server may send anything):
  CSV    a text cell a spreadsheet would run as a formula (one starting with =, +, -, @ or a
         control character such as tab or CR, also in full-width form or after spaces) is
         written with a ' before it (OWASP's rule), and text cells are always quoted. Amounts (a negative one keeps its -),
         UUIDs and true/false are written as they are. apply reads such a cell back without
         the '. --csv-raw-text writes text exactly as the server sent it.
  table  control characters are shown escaped (\\x1b, \\n, \\u202e), so a name cannot add a line
         or drive the terminal (so is CSV written to a terminal); CJK and emoji line up.
  JSON   every string is the server's, exactly (control and bidi characters as \\u escapes).`;

const EXACT = `Amounts are printed exactly, with every digit the server stores, in every format (never rounded,
never in exponent form; in JSON they are strings). In a table and in CSV an empty cell is null or
a field the server did not send; in JSON a field the server did not send is left out (null when
--fields names it).`;

/** The help of each command, and of the command as a whole (`main`). */
export const HELP: Readonly<Record<'main' | Command, string>> = {
  main: `Usage: waldur-credits <command> [options]

The project credits of a Waldur (/api/project-credits/): count, list, get and export them, or
change many at once from a file. Money is printed exactly, as the server stores it.

Commands:
  count                  how many credits match the filters
  list                   one page of credits, or every page with --all
  get <uuid|url>         one credit
  export                 every credit as CSV or NDJSON, streamed, to stdout or --output FILE
  apply <changes.csv|changes.json>
                         set fields of many credits: prints the plan; --yes applies it

${CONNECTION}

\`waldur-credits <command> --help\` (or \`waldur-credits help <command>\`) shows a command's help.

Exit status: 0 done; 1 the server refused, failed or could not be reached; 2 a usage error (a bad
flag, a bad UUID, a bad row in a change file); 3 some changes failed or were not sent.

Example:
  export WALDUR_URL=https://waldur.example.com WALDUR_TOKEN=<your API token>
  waldur-credits list --customer-name Tartu --order -value --page-size 20
`,

  count: `Usage: waldur-credits count [filters] [connection]

Prints how many credits match the filters: one number (a HEAD request, X-Result-Count).

${FILTERS}

${CONNECTION}

Example:
  waldur-credits count --customer-uuid a9b8c7d6e5f44321b0a9f8e7d6c5b4a3
`,

  list: `Usage: waldur-credits list [filters] [--order F] [--page N] [--page-size N] [--all]
                           [--format table|json|ndjson|csv] [--fields a,b,c] [connection]

Lists credits: one page (100 credits unless --page-size says otherwise), or with --all every
page from --page on (pages of 300, several in flight, each credit once), streamed.

${FILTERS}

Paging and order:
${ORDER}
  --page <n>             the page to show, from 1 (default 1)
  --page-size <n>        credits per page, 1 to 300 (default 100; 300 with --all)
  --all                  every page

Output (stdout):
  --format <format>      table (the default on a terminal), csv (the default otherwise, e.g. in
                         a pipe), json (an array) or ndjson (one credit a line)
  --fields <a,b,c>       the fields to show. Defaults:
${wrap([`table: ${TABLE_FIELDS.join(', ')}`], DEFAULT_INDENT)}
${CSV_DEFAULT}
                         json and ndjson: every field the server sent
  --csv-raw-text         CSV text cells exactly as the server sent them: no ' before a cell a
                         spreadsheet would run as a formula (see Safe output)

${FIELDS}

${EXACT}

${SAFE}

${CONNECTION}

Examples:
  waldur-credits list --customer-name Tartu --order -value
  waldur-credits list --all --format ndjson --fields uuid,value | jq -r .value
`,

  get: `Usage: waldur-credits get <uuid|url> [--format table|json|ndjson|csv] [--fields a,b,c] [connection]

Shows one credit. <uuid|url> is its UUID (32 hex digits, hyphens optional, any case) or its API
URL on the same server (…/api/project-credits/<uuid>/).

Output (stdout):
  --format <format>      table (the default on a terminal: one field a line), json (the default
                         otherwise), ndjson (one line) or csv (a header and one row)
  --fields <a,b,c>       the fields to show (default: every field the server sent; csv: the
                         columns of list)
  --csv-raw-text         CSV text cells exactly as the server sent them (see Safe output)

${FIELDS}

${EXACT}

${SAFE}

${CONNECTION}

Example:
  waldur-credits get 8f2e4b1c-9d0a-4e6f-8a7b-6c5d4e3f2a1b --format json
`,

  export: `Usage: waldur-credits export [filters] [--format csv|ndjson] [--output FILE] [--fields a,b,c]
                             [--order F] [--page-size N] [connection]

Writes every credit (that matches the filters) as CSV or NDJSON, streamed page by page: memory
stays flat however many credits there are, and a slow reader holds the walk back.

${FILTERS}

Output:
  --format <format>      csv (default) or ndjson (one JSON credit a line)
  -o, --output <file>    write to this file instead of stdout. It is written under a temporary
                         name next to it and renamed when complete: an export that fails or is
                         interrupted (Ctrl-C) leaves no half file, and an old FILE untouched.
                         A FILE it replaces keeps its permissions (a 0600 file stays 0600); a
                         new one gets the usual ones (0666 less the umask)
  --fields <a,b,c>       the fields to write. Defaults:
${CSV_DEFAULT}
                         ndjson: every field the server sent
  --csv-raw-text         CSV text cells exactly as the server sent them (see Safe output)
${ORDER}
  --page-size <n>        credits per request, 1 to 300 (default 300)

The CSV, edited, is a change file for \`waldur-credits apply\`: its read-only columns are ignored.

${FIELDS}

${EXACT}

${SAFE}

${CONNECTION}

Examples:
  waldur-credits export --customer-uuid a9b8c7d6e5f44321b0a9f8e7d6c5b4a3 --output tartu.csv
  waldur-credits export --format ndjson | gzip > credits.ndjson.gz
`,

  apply: `Usage: waldur-credits apply <changes.csv|changes.json> [--dry-run | --yes] [--concurrency N]
                            [--format table|json] [--verbose] [connection]

Sets fields of many credits to the values in a file. Without --yes it reads the credits and
prints the plan: each credit that would change (with its project's name), each changed field
before → after; nothing is sent. With --yes it applies the plan. A change counts as applied
only when the server's answer (or reading the credit back) shows every wanted value. Values are
absolute, so running the same file again sends only what the server does not hold: after a
failure or an interruption, fix what the report says and run the same file again.

The file is read twice, as a stream, so it may be of any size: first every row is checked (a
bad one, or a credit named twice, is named by its line, and nothing is sent), then it is
planned and applied 10,000 rows at a time, each part printed as it is done, the counts last.

The file:
  CSV   a header with uuid and the fields to set, then one row per credit:
            uuid,value,end_date
            8f2e4b1c9d0a4e6f8a7b6c5d4e3f2a1b,1500.50,2027-12-31
            3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f,,null
        An empty cell leaves that field as it is. null in end_date means no end date. Booleans
        are true or false. The read-only columns of an export (project_name, …) are ignored, so
        an exported CSV, edited, is a change file; a text cell the export wrote with a ' before
        it (a formula, neutralised) is read without the '.
  JSON  an array of objects with the same keys:
            [{"uuid": "8f2e4b1c9d0a4e6f8a7b6c5d4e3f2a1b", "value": "1500.50", "end_date": null}]
        Amounts are strings ("1500.50"): a JSON number could have been rounded, so it is refused.
${wrap([`Fields to set: ${WRITABLE_FIELDS.map((f) => (WRITABLE_NOTES[f] ? `${f} (${WRITABLE_NOTES[f]})` : f)).join(', ')}.`], '  ')}
  Amounts: at most 11 digits before the point and 5 after; never rounded.

Options:
  --dry-run              the default, said out loud: print the plan, send nothing (refused
                         together with --yes)
  -y, --yes              apply the plan (without it: a dry run, nothing is sent); --yes=false
                         is a dry run, --yes=true applies (for scripts)
  --concurrency <n>      changes sent at once, 1 to 16 (default 4)
  --format <format>      the plan or report as a table (default) or as JSON: one entry per row,
                         in file order, with its outcome (amounts as strings)
  -v, --verbose          list the credits already as wanted too (by default they are counted)

Ctrl-C during --yes sends no new change; those in flight finish, and the report says what was
applied and what was not sent. Ctrl-C again quits at once. If stdout is closed (… | head), no
later batch is sent either: the counts go to stderr and the exit status is 3.

The report, credit by credit: changed (applied, or planned in a dry run), already as wanted
(nothing sent), not applied (the credit does not exist, the server does not know a field, the
server refused the change or answered with other values: nothing of it is held), unknown (sent,
and nothing could confirm it: running the file again finds out), not sent (interrupted).

Exit status: 0 planned, or every change applied or already in place; 1 the credits could not
be read (the server refused or failed; nothing was sent); 2 a bad flag, file or row (nothing
was sent); 3 some changes not applied, unknown, not sent, or, in a dry run, cannot be planned:
the report names them.

${CONNECTION}

Example:
  waldur-credits apply changes.csv            # the plan
  waldur-credits apply changes.csv --yes      # apply it; run again: only what the server does not hold is sent
`,
};
