// The smoke: what a user's code does with the packed package, the same steps in every runtime
// (Node ESM and CJS, Bun, Deno, workerd, edge-runtime, Chromium, Firefox, WebKit). Plain
// JavaScript without imports: each runtime's entry (test/smoke/entries/) loads the package its
// own way (import, require, `npm:`, a bundle) and hands both entries in. `scripts/smoke.mjs` runs
// it everywhere against the package's fake Waldur served over HTTP.
//
// Every step reports { step, ok, ms, detail?, error? }. A step fails on a wrong answer and on any
// error it did not expect; an error that is not a WaldurError says so (every failure of the SDK
// must be one).

/** Longest a step may take before it is reported as hanging (the SDK promises every call ends). */
const STEP_DEADLINE_MS = 60_000;

class CheckFailed extends Error {}

function check(condition, message) {
  if (!condition) throw new CheckFailed(message);
}

function describeError(error, WaldurError) {
  if (error instanceof CheckFailed) return error.message;
  if (!(error instanceof Error)) return `threw a non-Error: ${String(error)}`;
  const kind = error instanceof WaldurError ? error.name : `${error.name} (not a WaldurError)`;
  return `${kind}: ${error.message}`.slice(0, 400);
}

/** Runs `run` and answers the error it threw (a step that expects a failure); fails when it did not throw. */
async function rejection(run) {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new CheckFailed('expected an error, but the call succeeded');
}

function expectError(error, Class, WaldurError) {
  check(error instanceof Class, `expected ${Class.name}, got ${describeError(error, WaldurError)}`);
}

const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** What the hanging server saw of one step's requests: { arrived, closed }. */
async function hangStatus(config, step) {
  const response = await fetch(`${config.hangUrl}/status/${config.runtime}/${step}`);
  return response.json();
}

/** Waits until the hanging server reports `want` for a step, polling; false when it never does. */
async function waitForHang(config, step, want, ms = 15_000) {
  const until = Date.now() + ms;
  for (let polls = 0; ; polls++) {
    const status = await hangStatus(config, step);
    if (want(status)) return status;
    // Date.now() stands still between I/O in workerd: count polls too.
    if (Date.now() > until || polls > ms / 50) return status;
    await pause(50);
  }
}

/**
 * Runs every step. `sdk` and `testing` are the package's two entries as the runtime loaded them;
 * `config` comes from scripts/smoke.mjs; `report` is called after each step. Resolves to the
 * results; never rejects.
 */
export async function runSmoke({ sdk, testing, config, report = () => undefined }) {
  const {
    createWaldurClient,
    Decimal,
    WaldurError,
    WaldurInputError,
    WaldurBadRequestError,
    WaldurNotFoundError,
    WaldurAbortError,
    WaldurTimeoutError,
  } = sdk;
  const waldur = createWaldurClient({ baseUrl: config.baseUrl, token: config.token });
  const credits = waldur.projectCredits;
  const known = config.known;
  const hyphenated = (hex) => `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  let created;

  const steps = [
    [
      'get',
      async () => {
        const credit = await credits.get(known.uuid);
        check(credit.uuid === hyphenated(known.uuid), `uuid ${credit.uuid}`);
        check(Decimal.isDecimal(credit.value) && credit.value.eq(known.value), `value ${String(credit.value)}, expected ${known.value}`);
        return `value ${credit.value.toFixed(2)}`;
      },
    ],
    [
      'count',
      async () => {
        const total = await credits.count();
        check(total === config.credits, `count ${total}, expected ${config.credits}`);
        return `${total}`;
      },
    ],
    [
      'list a page',
      async () => {
        const page = await credits.list({ page_size: 50 });
        check(page.items.length === 50 && page.total === config.credits && page.hasNextPage(), `page of ${page.items.length}, total ${page.total}`);
        check(page.lastPage === Math.ceil(config.credits / 50), `lastPage ${page.lastPage}`);
        const next = await page.getNextPage();
        const first = new Set(page.items.map((c) => c.uuid));
        check(next.page === 2 && next.items.length === 50 && next.items.every((c) => !first.has(c.uuid)), 'page 2 repeats page 1');
        return `total ${page.total}, ${page.lastPage} pages`;
      },
    ],
    [
      'walk 300 concurrently',
      async () => {
        let progress = 0;
        const all = await credits.listAll({ page_size: 25 }, { concurrency: 4, onProgress: ({ fetched }) => (progress = fetched) });
        check(all.length === config.credits && new Set(all.map((c) => c.uuid)).size === config.credits, `${all.length} credits`);
        check(progress === config.credits, `progress ended at ${progress}`);
        return `${all.length} credits in ${config.credits / 25} pages`;
      },
    ],
    [
      'for await, break',
      async () => {
        const seen = [];
        for await (const credit of credits.list({ page_size: 20 })) {
          seen.push(credit.uuid);
          if (seen.length === 30) break;
        }
        check(seen.length === 30 && new Set(seen).size === 30, `${seen.length} credits`);
        return '30 credits, then break';
      },
    ],
    [
      'walk aborted by signal',
      async () => {
        const controller = new AbortController();
        let seen = 0;
        const error = await rejection(async () => {
          for await (const credit of credits.list({ page_size: 10 }, { signal: controller.signal, concurrency: 2 })) {
            void credit;
            if (++seen === 25) controller.abort(new Error('enough'));
          }
        });
        expectError(error, WaldurAbortError, WaldurError);
        check(seen < config.credits, `the walk went on to ${seen} credits`);
        return `${error.name} after ${seen} credits`;
      },
    ],
    [
      'create',
      async () => {
        created = await credits.create({ project: config.freeProject, value: '0.12345', end_date: '2027-12-31' });
        check(created.project_uuid === hyphenated(config.freeProject), `project_uuid ${created.project_uuid}`);
        check(
          created.value.toFixed() === '0.12345' && created.end_date === '2027-12-31',
          `value ${created.value.toFixed()}, end_date ${created.end_date}`,
        );
        return `created ${created.uuid}`;
      },
    ],
    [
      'patch',
      async () => {
        check(created, 'nothing was created');
        const patched = await credits.patch(created.uuid, { value: '0.00001' });
        check(patched.value.eq('0.00001') && patched.value.toFixed() === '0.00001', `value ${patched.value.toFixed()}`);
        const again = await credits.get(created.uuid);
        check(again.value.toFixed() === '0.00001', `read back ${again.value.toFixed()}`);
        return 'value 0.00001';
      },
    ],
    [
      'delete',
      async () => {
        check(created, 'nothing was created');
        await credits.delete(created.uuid);
        expectError(await rejection(() => credits.get(created.uuid)), WaldurNotFoundError, WaldurError);
        return 'deleted; get is a WaldurNotFoundError';
      },
    ],
    [
      '400 with field errors',
      async () => {
        const error = await rejection(() => credits.create({ project: config.takenProject, value: '1' }));
        expectError(error, WaldurBadRequestError, WaldurError);
        const messages = error.fieldErrors.project ?? [];
        check(error.status === 400 && messages.some((m) => m.includes('already exists')), `fieldErrors ${JSON.stringify(error.fieldErrors)}`);
        return `project: ${messages[0]}`;
      },
    ],
    [
      'abort ends the request',
      async () => {
        const hanging = createWaldurClient({ baseUrl: `${config.hangUrl}/${config.runtime}/abort`, token: config.token, maxRetries: 0 });
        const controller = new AbortController();
        const pending = hanging.projectCredits.get(known.uuid, { signal: controller.signal });
        pending.catch(() => undefined);
        const arrived = await waitForHang(config, 'abort', (s) => s.arrived > 0);
        check(arrived.arrived > 0, 'the request never reached the server');
        controller.abort(new Error('user left'));
        expectError(await rejection(() => pending), WaldurAbortError, WaldurError);
        const status = await waitForHang(config, 'abort', (s) => s.closed >= s.arrived);
        check(status.closed >= status.arrived, `the server still holds ${status.arrived - status.closed} open request(s)`);
        return 'WaldurAbortError; the server saw the connection close';
      },
    ],
    [
      'timeout ends the request',
      async () => {
        const hanging = createWaldurClient({
          baseUrl: `${config.hangUrl}/${config.runtime}/timeout`,
          token: config.token,
          maxRetries: 0,
          timeoutMs: 1500,
        });
        const error = await rejection(() => hanging.projectCredits.count());
        expectError(error, WaldurTimeoutError, WaldurError);
        const status = await waitForHang(config, 'timeout', (s) => s.arrived > 0 && s.closed >= s.arrived);
        check(status.arrived > 0, 'the request never reached the server');
        check(status.closed >= status.arrived, `the server still holds ${status.arrived - status.closed} open request(s)`);
        return 'WaldurTimeoutError after 1.5 s; the server saw the connection close';
      },
    ],
    [
      'exact decimals',
      async () => {
        const page = await credits.list({ page_size: 300 });
        let sum = new Decimal(0);
        for (const credit of page.items) sum = sum.plus(credit.value);
        check(page.items.length === config.credits && sum.toFixed(5) === config.valueSum, `sum ${sum.toFixed(5)}, expected ${config.valueSum}`);
        check(new Decimal('0.1').plus('0.2').toString() === '0.3', '0.1 + 0.2 is not 0.3');
        const refused = await rejection(() => credits.patch(known.uuid, { value: '1.123456' }));
        expectError(refused, WaldurInputError, WaldurError);
        check(refused.field === 'value', `field ${refused.field}`);
        return `sum ${sum.toFixed(5)}; 6 places refused`;
      },
    ],
    [
      'both UUID forms',
      async () => {
        const upper = hyphenated(known.uuid).toUpperCase();
        const [a, b, c] = await Promise.all([
          credits.get(known.uuid),
          credits.get(upper),
          credits.get(`${config.baseUrl}/api/project-credits/${known.uuid}/`),
        ]);
        check(a.uuid === b.uuid && b.uuid === c.uuid && a.uuid === hyphenated(known.uuid), `${a.uuid} ${b.uuid} ${c.uuid}`);
        const bad = await rejection(() => credits.get('../../admin'));
        expectError(bad, WaldurInputError, WaldurError);
        return 'hex, hyphenated upper case and URL agree; ../../admin refused';
      },
    ],
    [
      'applyChanges dry run',
      async () => {
        const other = config.other;
        const report = await credits.applyChanges(
          [
            { uuid: known.uuid, value: known.value },
            { uuid: hyphenated(other.uuid), value: '7.5' },
          ],
          { dryRun: true },
        );
        check(
          report.dryRun && report.applied.length === 0 && report.notApplied.length === 0 && report.unknown.length === 0,
          `report ${JSON.stringify(report)}`,
        );
        check(report.unchanged.length === 1 && report.unchanged[0] === hyphenated(known.uuid), `unchanged ${JSON.stringify(report.unchanged)}`);
        const [plan] = report.planned;
        check(
          report.planned.length === 1 && plan.after.value.eq('7.5') && plan.before.value.eq(other.value),
          `planned ${JSON.stringify(report.planned)}`,
        );
        const after = await credits.get(other.uuid);
        check(after.value.eq(other.value), 'a dry run changed the server');
        return `planned ${plan.before.value.toFixed(2)} → 7.50, nothing sent`;
      },
    ],
    [
      'testing entry fake.fetch',
      async () => {
        const fake = testing.createFakeWaldur({ credits: 42, token: 'in-runtime' });
        const local = createWaldurClient({ baseUrl: fake.baseUrl, token: 'in-runtime', fetch: fake.fetch });
        check((await local.projectCredits.count()) === 42, 'count is not 42');
        const all = await local.projectCredits.listAll({ page_size: 10 }, { concurrency: 3 });
        check(all.length === 42 && fake.requests.length >= 6, `${all.length} credits, ${fake.requests.length} requests`);
        const first = fake.credits[0];
        await local.projectCredits.patch(first.uuid, { value: '99.5' });
        check(fake.credit(first.uuid).value === '99.50000', `stored ${fake.credit(first.uuid).value}`);
        return `42 credits over fake.fetch, ${fake.requests.length} requests`;
      },
    ],
  ];

  const results = [];
  for (const [step, run] of steps) {
    const started = Date.now();
    let result;
    try {
      let timer;
      const detail = await Promise.race([
        run(),
        new Promise(
          (_, reject) => (timer = setTimeout(() => reject(new CheckFailed(`did not finish in ${STEP_DEADLINE_MS / 1000} s`)), STEP_DEADLINE_MS)),
        ),
      ]).finally(() => clearTimeout(timer));
      result = { step, ok: true, ms: Date.now() - started, detail };
    } catch (error) {
      result = { step, ok: false, ms: Date.now() - started, error: describeError(error, WaldurError) };
    }
    results.push(result);
    try {
      await report(result);
    } catch {
      // a lost report shows as a missing step
    }
  }
  return results;
}

/** The number of steps, for the runner's table. */
export const STEP_COUNT = 16;
