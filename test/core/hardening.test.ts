/**
 * Hardening (issue 12): hostile servers and hostile inputs. One `describe` per class of defect of
 * the issue, numbered as there; each test asserts the behaviour the fixed SDK promises, so most
 * of them fail until their class is fixed.
 *
 * Servers are MSW handlers where faking the answer suffices, and node:http servers on 127.0.0.1
 * (test/support/hostile.ts) where the connection itself is watched. Tests that need a forced
 * garbage collection, no MSW in the path, or that could block the event loop for minutes run the
 * SDK in a worker thread (`isolated`), which is terminated when it does not answer in time: every
 * test ends within seconds even while its defect is present.
 */
import { randomUUID } from 'node:crypto';
import { inspect } from 'node:util';
import { gzipSync } from 'node:zlib';
import { delay, http, HttpResponse } from 'msw';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createWaldurClient,
  Decimal,
  WaldurAbortError,
  WaldurBadRequestError,
  WaldurError,
  WaldurInputError,
  WaldurNetworkError,
  WaldurNotFoundError,
  WaldurResponseError,
  WaldurServerError,
  WaldurTimeoutError,
} from '../../src/index.js';
import type { ProjectCredit, ProjectCreditInput, RequestOptions, WaldurClientOptions } from '../../src/index.js';
import { BASE_URL, CREDIT_HEX, CREDIT_HYPHENATED, PROJECT_HEX, wireCredit, WRITABLE_FIELDS } from '../support/fixtures.js';
import {
  closedBy,
  disposeIsolation,
  endlessBody,
  isolated,
  returned,
  sdkBundle,
  settleWithin,
  startHostileServer,
  catchUnhandledRejections,
  catchWarnings,
} from '../support/hostile.js';
import type { ErrorSummary, Exchange, HostileServer, IsolatedContext } from '../support/hostile.js';
import { hexId } from '../support/paged.js';
import { server } from '../support/server.js';

const TOKEN = 'tok_hardening_3c9e1f7a5b2d8e4f';
const ITEM = `${BASE_URL}/api/project-credits/${CREDIT_HYPHENATED}/`;
const COLLECTION = `${BASE_URL}/api/project-credits/`;
/** The longest error message the fixed SDK writes. */
const MAX_MESSAGE = 2048;
/** The fixed SDK's default `maxResponseBytes`: 32 MiB. */
const DEFAULT_MAX_RESPONSE_BYTES = 33_554_432;
/** How soon after a call ended the server must see its connection close. */
const CLOSE_WITHIN_MS = 1500;
const MiB = 1024 * 1024;

/** Options with `maxResponseBytes` of any type, to pass the bad values a caller might. */
type ClientOptions = Omit<WaldurClientOptions, 'maxResponseBytes'> & { maxResponseBytes?: unknown };
type CallOptions = Omit<RequestOptions, 'maxResponseBytes'> & { maxResponseBytes?: unknown };

function client(options: Partial<ClientOptions> = {}) {
  return createWaldurClient({ baseUrl: BASE_URL, token: TOKEN, retryBackoffMs: 1, ...options } as WaldurClientOptions);
}

/** A `fetch` that counts what it is asked and never reaches a network: for "no request was sent". */
function countingFetch() {
  const calls: string[] = [];
  const fetch = (async (input: RequestInfo | URL) => {
    calls.push(input instanceof Request ? input.url : String(input));
    return new Response('{"detail": "this request should not have been sent"}', { status: 599 });
  }) as typeof globalThis.fetch;
  return { fetch, calls };
}

async function failure<T>(promise: Promise<T>): Promise<unknown> {
  return promise.then(
    () => new Error('expected a failure'),
    (e: unknown) => e,
  );
}

/** A credit as raw JSON text, with some fields written verbatim (JSON numbers as the server wrote them). */
function rawCredit(raw: Record<string, string>): string {
  const rest = wireCredit();
  for (const key of Object.keys(raw)) delete rest[key];
  const fields = Object.entries(raw).map(([key, text]) => `${JSON.stringify(key)}: ${text}`);
  return `${JSON.stringify(rest).slice(0, -1)}, ${fields.join(', ')}}`;
}

const json = (text: string, status = 200, headers: Record<string, string> = {}) =>
  new HttpResponse(text, { status, headers: { 'Content-Type': 'application/json', ...headers } });

/** The longest string among an error's own properties, a few levels deep. */
function longestString(value: unknown, depth = 4): number {
  if (typeof value === 'string') return value.length;
  if (depth === 0 || value === null || typeof value !== 'object') return 0;
  let longest = 0;
  for (const key of Object.getOwnPropertyNames(value)) {
    longest = Math.max(longest, key.length, longestString((value as Record<string, unknown>)[key], depth - 1));
  }
  return longest;
}

const servers: HostileServer[] = [];
async function hostile(handle: Parameters<typeof startHostileServer>[0]): Promise<HostileServer> {
  const started = await startHostileServer(handle);
  servers.push(started);
  return started;
}

beforeAll(async () => {
  await sdkBundle(); // the worker's copy of the SDK, built once
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
afterAll(disposeIsolation);

// ---------------------------------------------------------------------------------------------
// One SDK call in a worker, watched from the server

interface CallData {
  origin: string;
  uuid: string;
  call: 'get' | 'listAll';
  /** Client options besides baseUrl and token (maxRetries defaults to 0). */
  client?: Record<string, unknown>;
  /** Request options of the call. */
  request?: Record<string, unknown>;
  /** Aborts the call's signal this long after it started. */
  abortAfterMs?: number;
}

interface CallOutcome {
  resolved: boolean;
  error?: ErrorSummary;
}

/**
 * Runs in a worker: one call with a garbage collection forced every 50 ms. When the call has
 * ended, the worker (and any connection the SDK left open) stays alive at the checkpoint while
 * the test watches the server.
 */
async function callScenario({ sdk, gc, summary, checkpoint, data }: IsolatedContext<CallData>): Promise<CallOutcome> {
  const hammer = setInterval(gc, 50);
  try {
    let waldur: ReturnType<typeof sdk.createWaldurClient>;
    try {
      waldur = sdk.createWaldurClient({ baseUrl: data.origin, token: 'hostile-test-token', maxRetries: 0, ...data.client });
    } catch (error) {
      return { resolved: false, error: summary(error) };
    }
    const controller = new AbortController();
    const options = { ...data.request, ...(data.abortAfterMs === undefined ? {} : { signal: controller.signal }) };
    if (data.abortAfterMs !== undefined) setTimeout(() => controller.abort(new Error('the caller gave up')), data.abortAfterMs);
    const call: Promise<unknown> =
      data.call === 'listAll' ? waldur.projectCredits.listAll({ page_size: 100 }, options) : waldur.projectCredits.get(data.uuid, options);
    const outcome = await call.then(
      () => ({ resolved: true }),
      (error: unknown) => ({ resolved: false, error: summary(error) }),
    );
    await checkpoint({ endedAt: Date.now() });
    return outcome;
  } finally {
    clearInterval(hammer);
  }
}

interface Watched extends CallOutcome {
  /** When the call ended in the worker. */
  endedAt?: number;
  /** The watched connection as it was CLOSE_WITHIN_MS after the call ended (the worker still alive). */
  connection?: { closedAt?: number; closedByServer: boolean };
}

/** Runs `data` in a worker and watches the connection `exchangeOf()` picks (by default the first). */
async function callAndWatch(
  data: Omit<CallData, 'uuid' | 'call'> & Partial<Pick<CallData, 'call'>>,
  exchangeOf: (server: HostileServer) => Exchange | undefined = (s) => s.exchanges[0],
  target?: HostileServer,
): Promise<Watched> {
  const watched: Watched = { resolved: false };
  const outcome = returned(
    await isolated(
      callScenario,
      { call: 'get', uuid: CREDIT_HEX, ...data },
      {
        onCheckpoint: async (value) => {
          const { endedAt } = value as { endedAt: number };
          watched.endedAt = endedAt;
          const exchange = target && exchangeOf(target);
          if (!exchange) return;
          await closedBy(exchange, endedAt + CLOSE_WITHIN_MS);
          watched.connection = { closedAt: exchange.closedAt, closedByServer: exchange.closedByServer };
        },
      },
    ),
  );
  return { ...watched, ...outcome };
}

/** The server saw the SDK close the connection, at most CLOSE_WITHIN_MS after the call ended. */
function expectClosedByClient(watched: Watched) {
  const { connection, endedAt } = watched;
  expect(connection, 'the request never reached the server, or the call never ended').toBeDefined();
  expect(
    connection!.closedAt,
    `the server did not see the connection close within ${CLOSE_WITHIN_MS} ms of the call ending: the SDK kept it open`,
  ).toBeDefined();
  expect(connection!.closedByServer, 'the connection was ended by the hostile server (its own stop), not by the SDK').toBe(false);
  expect(connection!.closedAt! - endedAt!).toBeLessThanOrEqual(CLOSE_WITHIN_MS);
}

const creditPage = (n: number, first = 1) => Array.from({ length: n }, (_, i) => wireCredit({ uuid: hexId(first + i) }));

// ---------------------------------------------------------------------------------------------

// Defect: ky hands fetch a cloned Request, and undici keeps a clone's abort link only weakly. After
// a garbage collection a timed-out or aborted request keeps its socket and keeps downloading:
// the caller gets its error, the server never sees the connection close.
describe('1. timeout and abort end the request itself, even after a garbage collection', () => {
  it('an endless body: WaldurTimeoutError, and the server sees the connection close', async () => {
    const s = await hostile((_req, res, exchange) => endlessBody(res, exchange, { prefix: `{"uuid": "${CREDIT_HEX}", "pad": "` }));
    const watched = await callAndWatch({ origin: s.origin, client: { timeoutMs: 300 } }, undefined, s);
    expect(watched.error?.classes, watched.error?.message).toContain('WaldurTimeoutError');
    expectClosedByClient(watched);
  });

  it('an endless body and a caller abort: WaldurAbortError, and the server sees the connection close', async () => {
    const s = await hostile((_req, res, exchange) => endlessBody(res, exchange, { prefix: `{"uuid": "${CREDIT_HEX}", "pad": "` }));
    const watched = await callAndWatch({ origin: s.origin, client: { timeoutMs: 20_000 }, abortAfterMs: 250 }, undefined, s);
    expect(watched.error?.classes, watched.error?.message).toContain('WaldurAbortError');
    expectClosedByClient(watched);
  });

  it('headers, then a stalled body: WaldurTimeoutError, and the server sees the connection close', async () => {
    const s = await hostile((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.flushHeaders();
    });
    const watched = await callAndWatch({ origin: s.origin, client: { timeoutMs: 300 } }, undefined, s);
    expect(watched.error?.classes, watched.error?.message).toContain('WaldurTimeoutError');
    expectClosedByClient(watched);
  });

  it('a walk whose page 2 streams for ever: WaldurTimeoutError, and page 2’s connection closes', async () => {
    const page1 = JSON.stringify(creditPage(100));
    const s = await hostile((req, res, exchange) => {
      const page = new URL(req.url ?? '/', 'http://x').searchParams.get('page') ?? '1';
      if (page === '1') {
        res.writeHead(200, {
          'Content-Type': 'application/json',
          'X-Result-Count': '200',
          Link: `<${BASE_URL}/api/project-credits/?page=2&page_size=100>; rel="next", <${BASE_URL}/api/project-credits/?page=2&page_size=100>; rel="last"`,
        });
        res.end(page1);
      } else {
        endlessBody(res, exchange, { prefix: '[' });
      }
    });
    const watched = await callAndWatch(
      { origin: s.origin, call: 'listAll', client: { timeoutMs: 300 } },
      (server) => server.exchanges.find((e) => /[?&]page=2(&|$)/.test(e.url)),
      s,
    );
    expect(watched.error?.classes, watched.error?.message).toContain('WaldurTimeoutError');
    expectClosedByClient(watched);
  });
});

// ---------------------------------------------------------------------------------------------

// Defect: a response is read whole into a string, however large (a 446 KB gzip body became a
// 448 MB string). Required: `maxResponseBytes` (client and per request, default 32 MiB),
// counted on the decoded body while it streams; over it, WaldurResponseError and the connection closed.
describe('2. maxResponseBytes bounds every response, decoded, whatever its status', () => {
  it('client option: an endless body over it is a WaldurResponseError naming maxResponseBytes; the connection closes', async () => {
    const s = await hostile((_req, res, exchange) => endlessBody(res, exchange, { prefix: `{"uuid": "${CREDIT_HEX}", "pad": "` }));
    const watched = await callAndWatch({ origin: s.origin, client: { maxResponseBytes: 1_000_000, timeoutMs: 5000 } }, undefined, s);
    expect(watched.error?.classes, watched.error?.message).toContain('WaldurResponseError');
    expect(watched.error?.message).toMatch(/maxResponseBytes/);
    expectClosedByClient(watched);
  });

  it('per request: get(uuid, { maxResponseBytes }) refuses a body over it; the connection closes', async () => {
    const s = await hostile((_req, res, exchange) => endlessBody(res, exchange, { prefix: `{"uuid": "${CREDIT_HEX}", "pad": "` }));
    const watched = await callAndWatch({ origin: s.origin, client: { timeoutMs: 5000 }, request: { maxResponseBytes: 1_000_000 } }, undefined, s);
    expect(watched.error?.classes, watched.error?.message).toContain('WaldurResponseError');
    expect(watched.error?.message).toMatch(/maxResponseBytes/);
    expectClosedByClient(watched);
  });

  it('default 32 MiB: a valid 40 MiB credit is refused, not read; the connection closes', async () => {
    const s = await hostile((_req, res, exchange) =>
      endlessBody(res, exchange, {
        prefix: `{"uuid": "${CREDIT_HEX}", "pad": "`,
        suffix: '"}',
        maxBytes: 40 * MiB,
        bytesPerSecond: Number.POSITIVE_INFINITY,
      }),
    );
    const watched = await callAndWatch({ origin: s.origin, client: { timeoutMs: 3000 } }, undefined, s);
    expect(watched.resolved, 'get() read a 40 MiB body whole').toBe(false);
    expect(watched.error?.classes, watched.error?.message).toContain('WaldurResponseError');
    expect(watched.error?.message).toMatch(/maxResponseBytes/);
    expectClosedByClient(watched);
  });

  it('a Content-Length over the default limit is refused at once, not waited for', async () => {
    const s = await hostile((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(DEFAULT_MAX_RESPONSE_BYTES + 1) });
      res.write(`{"uuid": "${CREDIT_HEX}", "pad": "`); // then nothing more
    });
    const watched = await callAndWatch({ origin: s.origin, client: { timeoutMs: 1000 } }, undefined, s);
    expect(watched.error?.classes, watched.error?.message).toContain('WaldurResponseError');
    expect(watched.error?.message).toMatch(/maxResponseBytes/);
    expectClosedByClient(watched);
  });

  it('the decoded size counts: 8 MiB gzipped into a few KB is refused with maxResponseBytes: 1000000', async () => {
    const gz = gzipSync(`{"uuid": "${CREDIT_HEX}", "pad": "${' '.repeat(8 * MiB)}"}`);
    const s = await hostile((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip', 'Content-Length': String(gz.length) });
      res.end(gz);
    });
    const watched = await callAndWatch({ origin: s.origin, client: { maxResponseBytes: 1_000_000, timeoutMs: 3000 } });
    expect(gz.length).toBeLessThan(1_000_000);
    expect(watched.error?.classes, watched.error?.message).toContain('WaldurResponseError');
    expect(watched.error?.message).toMatch(/maxResponseBytes/);
  });

  it('the decoded size counts under the default limit too: a 40 MiB gzip bomb is refused', async () => {
    const gz = gzipSync(`{"uuid": "${CREDIT_HEX}", "pad": "${' '.repeat(40 * MiB)}"}`);
    const s = await hostile((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip', 'Content-Length': String(gz.length) });
      res.end(gz);
    });
    const watched = await callAndWatch({ origin: s.origin, client: { timeoutMs: 3000 } });
    expect(watched.resolved, 'get() inflated the bomb whole').toBe(false);
    expect(watched.error?.classes, watched.error?.message).toContain('WaldurResponseError');
    expect(watched.error?.message).toMatch(/maxResponseBytes/);
  });

  it.each([400, 503])('an error status %i with a 40 MiB body: a typed error, message ≤ 2048, no string over the limit kept', async (status) => {
    const body = `{"detail": "${'x'.repeat(40 * MiB)}"}`;
    server.use(http.get(ITEM, () => json(body, status)));
    const error = await failure(client({ maxRetries: 0 }).projectCredits.get(CREDIT_HEX));
    expect(error).toBeInstanceOf(WaldurError);
    expect((error as Error).message.length).toBeLessThanOrEqual(MAX_MESSAGE);
    expect(longestString(error)).toBeLessThanOrEqual(DEFAULT_MAX_RESPONSE_BYTES);
  });

  it.each([0, -1, 1.5, 'x'])('a bad maxResponseBytes (%s) is a WaldurInputError before any request', async (bad) => {
    const { fetch, calls } = countingFetch();
    expect(() => client({ fetch, maxResponseBytes: bad })).toThrow(WaldurInputError);
    const options: CallOptions = { maxResponseBytes: bad };
    expect(await failure(client({ fetch }).projectCredits.get(CREDIT_HEX, options as RequestOptions))).toBeInstanceOf(WaldurInputError);
    expect(calls).toEqual([]);
  });

  it('a good maxResponseBytes is accepted, on the client and per request', async () => {
    server.use(http.get(ITEM, () => HttpResponse.json(wireCredit())));
    const waldur = client({ maxResponseBytes: DEFAULT_MAX_RESPONSE_BYTES });
    const options: RequestOptions = { maxResponseBytes: 1_000_000 };
    expect((await waldur.projectCredits.get(CREDIT_HEX, options)).project_name).toBe('Genome assembly');
  });
});

// ---------------------------------------------------------------------------------------------

// Defect: a server or proxy that ignores `?page` (the same credits on every page) made listAll
// send thousands of requests and never settle, with or without Link/X-Result-Count. Required:
// the walk stops with a typed error once pages stop bringing new credits, does not trust an
// absurd total, and never sends more than the pages the total allows plus a small slack.
describe('3. every walk ends', () => {
  const SAME_PAGE = JSON.stringify(creditPage(100));
  const link = (page: number, last?: number) =>
    [`<${COLLECTION}?page=${page}&page_size=100>; rel="next"`, ...(last ? [`<${COLLECTION}?page=${last}&page_size=100>; rel="last"`] : [])].join(
      ', ',
    );

  type Scenario = { name: string; headers: (page: number) => Record<string, string>; mayResolve: boolean };
  const scenarios: Scenario[] = [
    { name: 'no X-Result-Count, no Link', headers: () => ({}), mayResolve: false },
    { name: 'X-Result-Count: 1000000000000', headers: () => ({ 'X-Result-Count': '1000000000000' }), mayResolve: false },
    {
      name: 'X-Result-Count: 1000, Link next = the page asked + 1',
      headers: (page) => ({ 'X-Result-Count': '1000', Link: link(page + 1, 10) }),
      mayResolve: true,
    },
    {
      // The faithful copy of one answer: Link says next=2 on every page. Bounded by the total already.
      name: 'X-Result-Count: 1000, the very same Link on every page',
      headers: () => ({ 'X-Result-Count': '1000', Link: link(2, 10) }),
      mayResolve: true,
    },
  ];

  /** Serves the same page for every `?page`; aborts the walk (the test's own guard) after 60 requests or 2.5 s. */
  function sameEveryPage(headers: Scenario['headers']) {
    const guard = new AbortController();
    const timer = setTimeout(() => guard.abort(new Error('test guard: the walk did not end within 2.5 s')), 2500);
    const requests: number[] = [];
    server.use(
      http.get(COLLECTION, ({ request }) => {
        const page = Number(new URL(request.url).searchParams.get('page') ?? '1');
        requests.push(page);
        if (requests.length >= 60) guard.abort(new Error('test guard: 60 requests'));
        return json(SAME_PAGE, 200, headers(page));
      }),
    );
    return { requests, signal: guard.signal, done: () => clearTimeout(timer) };
  }

  async function walk(mode: 'listAll' | 'for await', signal: AbortSignal): Promise<unknown> {
    const waldur = client({ maxRetries: 0 });
    try {
      if (mode === 'listAll') return await waldur.projectCredits.listAll({ page_size: 100 }, { signal });
      const credits: ProjectCredit[] = [];
      for await (const credit of waldur.projectCredits.list({ page_size: 100 }, { signal })) credits.push(credit);
      return credits;
    } catch (error) {
      return error;
    }
  }

  for (const mode of ['listAll', 'for await'] as const) {
    it.each(scenarios)(`${mode}, the same 100 credits on every page, $name: ends by itself, at most 12 requests`, async ({ headers, mayResolve }) => {
      const { requests, signal, done } = sameEveryPage(headers);
      const outcome = await walk(mode, signal);
      done();
      expect(outcome, 'the walk was still going when the test stopped it').not.toBeInstanceOf(WaldurAbortError);
      if (Array.isArray(outcome) && mayResolve) {
        expect(new Set(outcome.map((c: ProjectCredit) => c.uuid)).size).toBe(100);
        expect(outcome).toHaveLength(100);
      } else {
        expect(outcome).toBeInstanceOf(WaldurResponseError);
      }
      expect(requests.length).toBeLessThanOrEqual(12);
    });
  }

  it.each(['listAll', 'for await'] as const)(
    '%s, fresh credits for ever, Link next = page + 1, X-Result-Count: 250: at most 3 + 2 requests',
    async (mode) => {
      const guard = new AbortController();
      const timer = setTimeout(() => guard.abort(new Error('test guard: 2.5 s')), 2500);
      let requests = 0;
      server.use(
        http.get(COLLECTION, ({ request }) => {
          const page = Number(new URL(request.url).searchParams.get('page') ?? '1');
          if (++requests >= 60) guard.abort(new Error('test guard: 60 requests'));
          const credits = Array.from({ length: 100 }, () => wireCredit({ uuid: randomUUID().replaceAll('-', '') }));
          return HttpResponse.json(credits, { headers: { 'X-Result-Count': '250', Link: link(page + 1) } });
        }),
      );
      const outcome = await walk(mode, guard.signal);
      clearTimeout(timer);
      expect(outcome, 'the walk was still going when the test stopped it').not.toBeInstanceOf(WaldurAbortError);
      if (!Array.isArray(outcome)) expect(outcome).toBeInstanceOf(WaldurResponseError);
      expect(requests).toBeLessThanOrEqual(5);
    },
  );
});

// ---------------------------------------------------------------------------------------------

// Defect: "1e99999999999999999" reads as Infinity and "1e-99999999999999999" as 0 (decimal.js
// range), a JSON number 99999999999.99999 reads as …98 (JSON.parse rounded it). Required: such
// values are a WaldurResponseError naming the field; JSON numbers that cannot have been rounded still
// read. Issue 22: amounts the server computed (read-only, never sent back) are sent by Waldur as
// float(Decimal); a JSON number there is the decimal the server wrote, however many digits it has.
describe('4. money is read exactly or refused', () => {
  const answer = (text: string) => server.use(http.get(ITEM, () => json(text)));

  it('value "1e99999999999999999" (Infinity for decimal.js) is a WaldurResponseError naming value', async () => {
    answer(rawCredit({ value: '"1e99999999999999999"' }));
    const error = await failure(client().projectCredits.get(CREDIT_HEX));
    expect(error).toBeInstanceOf(WaldurResponseError);
    expect((error as Error).message).toMatch(/\bvalue\b/);
  });

  it('value "1e-99999999999999999" (0 for decimal.js) is a WaldurResponseError naming value', async () => {
    answer(rawCredit({ value: '"1e-99999999999999999"' }));
    const error = await failure(client().projectCredits.get(CREDIT_HEX));
    expect(error).toBeInstanceOf(WaldurResponseError);
    expect((error as Error).message).toMatch(/\bvalue\b/);
  });

  it('a 200,000-digit value is a WaldurResponseError with a message of at most 2048 characters', async () => {
    answer(rawCredit({ value: `"${'9'.repeat(200_000)}"` }));
    const error = await failure(client().projectCredits.get(CREDIT_HEX));
    expect(error).toBeInstanceOf(WaldurResponseError);
    expect((error as Error).message.length).toBeLessThanOrEqual(MAX_MESSAGE);
  });

  it('a stored amount as a JSON number JSON.parse must round (value: 99999999999.99999) is refused, saying why', async () => {
    answer(rawCredit({ value: '99999999999.99999' }));
    const error = await failure(client().projectCredits.get(CREDIT_HEX));
    expect(error).toBeInstanceOf(WaldurResponseError);
    expect((error as Error).message).toMatch(/\bvalue\b/);
    expect((error as Error).message).toMatch(/round/i);
  });

  it('a stored amount is refused even when the same long number was read as a computed amount just before', async () => {
    // The page's decimal cache must not let a computed amount's reading stand for a stored field's.
    answer(rawCredit({ customer_credit: '1234567890.1234567', expected_consumption: '1234567890.1234567' }));
    const error = await failure(client().projectCredits.get(CREDIT_HEX));
    expect(error).toBeInstanceOf(WaldurResponseError);
    expect((error as Error).message).toMatch(/expected_consumption/);
  });

  it('computed amounts as Python writes float(Decimal) are read as those decimals, whatever their digits', async () => {
    answer(
      rawCredit({
        customer_credit: '99999999999.99998',
        allocated_customer_credit: '1.2345678901234568e+17',
        consumption_last_month: '-123456.1234567891',
        minimal_consumption: '1e-05',
        spendable_value: '12345678901.123457',
        creditable_cost_this_month: '0.30000000000000004',
      }),
    );
    const credit = await client().projectCredits.get(CREDIT_HEX);
    expect(credit.customer_credit!.toFixed()).toBe('99999999999.99998');
    expect(credit.allocated_customer_credit!.toFixed()).toBe('123456789012345680');
    expect(credit.consumption_last_month!.toFixed()).toBe('-123456.1234567891');
    expect(credit.minimal_consumption!.toFixed()).toBe('0.00001');
    expect(credit.spendable_value!.toFixed()).toBe('12345678901.123457');
    expect(credit.creditable_cost_this_month!.toFixed()).toBe('0.30000000000000004');
  });

  it('a computed amount beyond ±1e40 or not finite is still refused, naming the field', async () => {
    answer(rawCredit({ consumption_last_month: '1e300' }));
    const error = await failure(client().projectCredits.get(CREDIT_HEX));
    expect(error).toBeInstanceOf(WaldurResponseError);
    expect((error as Error).message).toMatch(/consumption_last_month.*out of range/);
  });

  it('JSON numbers real servers send (10000.0, 1484.66789) still read exactly', async () => {
    answer(rawCredit({ customer_credit: '10000.0', allocated_customer_credit: '1484.66789' }));
    const credit = await client().projectCredits.get(CREDIT_HEX);
    expect(credit.customer_credit!.equals(new Decimal('10000'))).toBe(true);
    expect(credit.allocated_customer_credit!.equals(new Decimal('1484.66789'))).toBe(true);
    expect(credit.customer_credit!.toFixed(5)).toBe('10000.00000');
    expect(credit.allocated_customer_credit!.toFixed(5)).toBe('1484.66789');
  });
});

// ---------------------------------------------------------------------------------------------

interface InputData {
  field: string;
  /** `decimal`: built as a Decimal in the worker; `text`: sent as a string. */
  value: { decimal: string } | { text: string };
  uuid: string;
}

/** Runs in a worker: one patch with a huge value, against a fetch that only counts. */
async function patchScenario({ sdk, summary, data }: IsolatedContext<InputData>): Promise<CallOutcome & { requests: number }> {
  let requests = 0;
  const waldur = sdk.createWaldurClient({
    baseUrl: 'https://waldur.test',
    token: 'hostile-test-token',
    maxRetries: 0,
    fetch: async () => {
      requests++;
      return new Response('{}', { status: 599 });
    },
  });
  const value = 'decimal' in data.value ? new sdk.Decimal(data.value.decimal) : data.value.text;
  const outcome = await waldur.projectCredits.patch(data.uuid, { [data.field]: value }).then(
    () => ({ resolved: true }),
    (error: unknown) => ({ resolved: false, error: summary(error) }),
  );
  return { ...outcome, requests };
}

// Defect: error messages call toFixed() on a Decimal of 1e999999999, building a gigabyte string
// (out of memory after ~90 s), and quote values and names whole (a 200k-digit value gave a
// 200k-character message). The hanging cases run in a worker, terminated after 3 s.
describe('5. huge values never hang, and every input error is short', () => {
  it.each([
    ["value: new Decimal('1e999999999')", 'value', { decimal: '1e999999999' }],
    ["value: '9'.repeat(200000)", 'value', { text: '9'.repeat(200_000) }],
    ["expected_consumption: new Decimal('-1e999999999')", 'expected_consumption', { decimal: '-1e999999999' }],
    ["value: new Decimal('1e-999999999')", 'value', { decimal: '1e-999999999' }],
  ] as const)('patch { %s } is a WaldurInputError ≤ 2048 characters, and nothing is sent', async (_what, field, value) => {
    const outcome = returned(await isolated(patchScenario, { field, value, uuid: CREDIT_HEX }, { deadlineMs: 2000 }));
    expect(outcome.error?.classes, outcome.error?.message).toContain('WaldurInputError');
    expect(outcome.error!.messageLength).toBeLessThanOrEqual(MAX_MESSAGE);
    expect(outcome.requests).toBe(0);
  });

  const huge = 'x'.repeat(1_000_000);
  const bad = `${huge} `; // not a valid header name
  type Call = (waldur: ReturnType<typeof client>) => Promise<unknown>;
  it.each<[string, Call]>([
    ['an unknown field of patch', (w) => w.projectCredits.patch(CREDIT_HEX, { [huge]: 1 })],
    ['an unknown field of create', (w) => w.projectCredits.create({ project: PROJECT_HEX, [huge]: 1 })],
    ['an unknown filter of count', (w) => w.projectCredits.count({ [huge]: 'x' })],
    ['an unknown request option', (w) => w.projectCredits.get(CREDIT_HEX, { [huge]: 1 })],
    ['an unknown list option', (w) => w.projectCredits.listAll({}, { [huge]: 1 })],
    ['a bad request header name', (w) => w.projectCredits.get(CREDIT_HEX, { headers: { [bad]: 'v' } })],
  ])('a 1 MB name in %s: WaldurInputError ≤ 2048 characters, nothing sent', async (_what, call) => {
    const { fetch, calls } = countingFetch();
    const error = await failure(call(client({ fetch })));
    expect(error).toBeInstanceOf(WaldurInputError);
    expect((error as Error).message.length).toBeLessThanOrEqual(MAX_MESSAGE);
    expect(calls).toEqual([]);
  });

  it.each([
    ['an unknown client option', { [huge]: 1 }],
    ['a bad client header name', { headers: { [bad]: 'v' } }],
  ])('a 1 MB name in %s: WaldurInputError ≤ 2048 characters', (_what, options) => {
    let error: unknown;
    try {
      client(options);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(WaldurInputError);
    expect((error as Error).message.length).toBeLessThanOrEqual(MAX_MESSAGE);
  });
});

// ---------------------------------------------------------------------------------------------

// Defect: the token function is awaited outside the attempt: one that never answers ignores
// both `timeoutMs` and the caller's signal, and the call never ends.
describe('6. the token function is bounded', () => {
  const never = () => new Promise<string>(() => undefined);

  it('a token function that never answers: WaldurTimeoutError after timeoutMs; nothing sent', async () => {
    const { fetch, calls } = countingFetch();
    const settled = await settleWithin(client({ fetch, token: never, timeoutMs: 200, maxRetries: 0 }).projectCredits.get(CREDIT_HEX), 2000);
    expect(settled.state, 'get() was still pending 2 s after a 200 ms timeout').toBe('rejected');
    expect(settled.state === 'rejected' && settled.error).toBeInstanceOf(WaldurTimeoutError);
    expect(calls).toEqual([]);
  });

  it('a token function that never answers: the caller’s abort ends the call with WaldurAbortError', async () => {
    const { fetch, calls } = countingFetch();
    const waldur = client({ fetch, token: never, timeoutMs: 60_000, maxRetries: 0 });
    const settled = await settleWithin(waldur.projectCredits.get(CREDIT_HEX, { signal: AbortSignal.timeout(50) }), 2000);
    expect(settled.state, 'get() was still pending 2 s after its signal aborted').toBe('rejected');
    expect(settled.state === 'rejected' && settled.error).toBeInstanceOf(WaldurAbortError);
    expect(calls).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------

// Defect: a hook's synchronous throw is swallowed but its rejected promise is not: an async
// onResponse that rejects kills Node with an unhandled rejection after get() resolved. The same
// for the walk callbacks onProgress and onDrift.
describe('7. hooks never crash the process', () => {
  const boom = () => new Error('boom: a hook bug');

  async function expectNoUnhandledRejection(run: () => Promise<void>) {
    const caught = catchUnhandledRejections();
    try {
      await run();
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      caught.stop();
    }
    expect(caught.reasons, 'unhandled rejections').toEqual([]);
  }

  it.each([
    ['an async onResponse that rejects', { onResponse: async () => Promise.reject(boom()) }],
    ['an async onRequest that rejects', { onRequest: async () => Promise.reject(boom()) }],
    [
      'sync throws in both hooks',
      {
        onRequest: () => {
          throw boom();
        },
        onResponse: () => {
          throw boom();
        },
      },
    ],
  ] as [string, Partial<WaldurClientOptions>][])('%s: get() resolves, no unhandled rejection', async (_what, hooks) => {
    server.use(http.get(ITEM, () => HttpResponse.json(wireCredit())));
    await expectNoUnhandledRejection(async () => {
      const credit = await client(hooks).projectCredits.get(CREDIT_HEX);
      expect(credit.project_name).toBe('Genome assembly');
    });
  });

  /** 150 credits on two pages; the total reads 150 on page 1 and 151 after (a drift). */
  function driftingList() {
    const credits = creditPage(150);
    server.use(
      http.get(COLLECTION, ({ request }) => {
        const page = Number(new URL(request.url).searchParams.get('page') ?? '1');
        return HttpResponse.json(credits.slice((page - 1) * 100, page * 100), { headers: { 'X-Result-Count': page === 1 ? '150' : '151' } });
      }),
    );
  }

  it('an onProgress that returns a rejected promise: listAll resolves, no unhandled rejection', async () => {
    driftingList();
    let calls = 0;
    await expectNoUnhandledRejection(async () => {
      const all = await client().projectCredits.listAll({}, { onProgress: async () => (calls++, Promise.reject(boom())) });
      expect(all).toHaveLength(150);
    });
    expect(calls).toBeGreaterThan(0);
  });

  it('an onDrift that returns a rejected promise: listAll resolves, no unhandled rejection', async () => {
    driftingList();
    let calls = 0;
    await expectNoUnhandledRejection(async () => {
      const all = await client().projectCredits.listAll({}, { onDrift: async () => (calls++, Promise.reject(boom())) });
      expect(all).toHaveLength(150);
    });
    expect(calls).toBeGreaterThan(0);
  });
});

// ---------------------------------------------------------------------------------------------

// Defect: error bodies are walked recursively without a bound (a body nested 50,000 levels
// deep escapes as a RangeError, and a 503 is then not retried), `fieldErrors` is a plain object
// whose prototype a `__proto__` key replaces, and the message lists every field.
describe('8. error bodies of any shape stay typed', () => {
  const deepObject = '{"a":'.repeat(50_000) + '1' + '}'.repeat(50_000);
  const deepArray = '['.repeat(50_000) + ']'.repeat(50_000);

  it.each([
    ['an object', deepObject],
    ['an array', deepArray],
  ])('a 400 whose body is %s nested 50,000 deep: WaldurBadRequestError, message ≤ 2048', async (_what, body) => {
    server.use(http.get(ITEM, () => json(body, 400)));
    const error = await failure(client({ maxRetries: 0 }).projectCredits.get(CREDIT_HEX));
    expect(error).not.toBeInstanceOf(RangeError);
    expect(error).toBeInstanceOf(WaldurBadRequestError);
    expect((error as Error).message.length).toBeLessThanOrEqual(MAX_MESSAGE);
  });

  it.each([
    ['an object', deepObject],
    ['an array', deepArray],
  ])('a 503 whose body is %s nested 50,000 deep is retried (3 requests), then WaldurServerError', async (_what, body) => {
    let requests = 0;
    server.use(http.get(ITEM, () => (requests++, json(body, 503))));
    const error = await failure(client({ maxRetries: 2, retryBackoffMs: 1 }).projectCredits.get(CREDIT_HEX));
    expect(error).toBeInstanceOf(WaldurServerError);
    expect(requests).toBe(3);
  });

  it('a "__proto__" key is an ordinary field of fieldErrors; it does not replace the prototype', async () => {
    server.use(http.get(ITEM, () => json('{"__proto__": ["bad"], "value": ["x"]}', 400)));
    const error = await failure(client({ maxRetries: 0 }).projectCredits.get(CREDIT_HEX));
    expect(error).toBeInstanceOf(WaldurBadRequestError);
    const { fieldErrors } = error as WaldurBadRequestError;
    expect(fieldErrors.value).toEqual(['x']);
    expect(Object.hasOwn(fieldErrors, '__proto__')).toBe(true);
    expect(Object.getOwnPropertyDescriptor(fieldErrors, '__proto__')?.value).toEqual(['bad']);
    expect([null, Object.prototype]).toContain(Object.getPrototypeOf(fieldErrors));
  });

  it('a body with 100,000 fields: message ≤ 2048', async () => {
    const body = `{${Array.from({ length: 100_000 }, (_, i) => `"field_${i}": ["This field is wrong."]`).join(',')}}`;
    server.use(http.get(ITEM, () => json(body, 400)));
    const error = await failure(client({ maxRetries: 0 }).projectCredits.get(CREDIT_HEX));
    expect(error).toBeInstanceOf(WaldurBadRequestError);
    expect((error as Error).message.length).toBeLessThanOrEqual(MAX_MESSAGE);
  });
});

// ---------------------------------------------------------------------------------------------

// Defect: only the top-level cause of a network error is cleaned. A fetch error whose deeper
// cause holds the Request (and its Authorization header), or whose message quotes the token,
// shows the token in util.inspect, String(), the stack or JSON.
describe('9. redaction through the whole cause chain', () => {
  function expectNoToken(error: unknown) {
    expect(error).toBeInstanceOf(WaldurNetworkError);
    const views = {
      inspect: inspect(error, { depth: Number.POSITIVE_INFINITY, showHidden: true }),
      string: String(error),
      stack: (error as Error).stack ?? '',
      json: (JSON.stringify(error) as string | undefined) ?? '', // undefined for undefined, whatever lib.d.ts says
    };
    for (const [view, text] of Object.entries(views)) expect(text.includes(TOKEN), `the token shows in ${view}`).toBe(false);
  }

  const throwing = (make: (url: string) => unknown) =>
    (async (input: RequestInfo | URL) => {
      throw make(input instanceof Request ? input.url : String(input));
    }) as typeof fetch;

  it('TypeError("fetch failed", { cause: { request } }) with the Authorization header', async () => {
    const fetch = throwing(
      (url) => new TypeError('fetch failed', { cause: { request: new Request(url, { headers: { Authorization: `Token ${TOKEN}` } }) } }),
    );
    expectNoToken(await failure(client({ fetch, maxRetries: 0 }).projectCredits.get(CREDIT_HEX)));
  });

  it('an Error → Error → Error chain whose last link holds the request headers', async () => {
    const fetch = throwing((url) => {
      const innermost = Object.assign(new Error('socket hang up'), { request: { url, headers: { Authorization: `Token ${TOKEN}` } } });
      return new Error('fetch failed', { cause: new Error('connection error', { cause: innermost }) });
    });
    expectNoToken(await failure(client({ fetch, maxRetries: 0 }).projectCredits.get(CREDIT_HEX)));
  });

  it('an error whose message itself quotes the token', async () => {
    const fetch = throwing(() => new TypeError(`request with "Authorization: Token ${TOKEN}" failed`, { cause: new Error(`echo ${TOKEN}`) }));
    expectNoToken(await failure(client({ fetch, maxRetries: 0 }).projectCredits.get(CREDIT_HEX)));
  });
});

// ---------------------------------------------------------------------------------------------

// Defect: any 404 on a DELETE retry counts as success. After a 429 or 503 the server did not
// act, so a following 404 is a real WaldurNotFoundError; only after a network error or a
// timeout (the first attempt may have deleted the credit) does a 404 mean success.
describe('10. DELETE tells the truth', () => {
  const notFound = () => HttpResponse.json({ detail: 'Not found.' }, { status: 404 });

  it.each([
    ['503', () => HttpResponse.json({ detail: 'Service unavailable.' }, { status: 503 })],
    ['429 without Retry-After', () => HttpResponse.json({ detail: 'Slow down.' }, { status: 429 })],
    ['429 with Retry-After: 0', () => HttpResponse.json({ detail: 'Slow down.' }, { status: 429, headers: { 'Retry-After': '0' } })],
  ])('%s, then 404: WaldurNotFoundError (the credit never existed)', async (_what, first) => {
    let requests = 0;
    server.use(http.delete(ITEM, () => (++requests === 1 ? first() : notFound())));
    expect(await failure(client({ maxRetries: 2 }).projectCredits.delete(CREDIT_HEX))).toBeInstanceOf(WaldurNotFoundError);
    expect(requests).toBe(2);
  });

  it('a socket destroyed mid-request, then 404: resolves (the first attempt may have deleted it)', async () => {
    const s = await hostile((req, res, exchange) => {
      if (exchange.n === 1) return req.socket.destroy();
      res.writeHead(404, { 'Content-Type': 'application/json' }).end('{"detail": "Not found."}');
    });
    await expect(client({ baseUrl: s.origin, maxRetries: 2 }).projectCredits.delete(CREDIT_HEX)).resolves.toBeUndefined();
    expect(s.exchanges).toHaveLength(2);
  });

  it('a timeout, then 404: resolves', async () => {
    const s = await hostile((_req, res, exchange) => {
      if (exchange.n === 1) return; // never answers
      res.writeHead(404, { 'Content-Type': 'application/json' }).end('{"detail": "Not found."}');
    });
    await expect(client({ baseUrl: s.origin, maxRetries: 2, timeoutMs: 200 }).projectCredits.delete(CREDIT_HEX)).resolves.toBeUndefined();
    expect(s.exchanges).toHaveLength(2);
  });
});

// ---------------------------------------------------------------------------------------------

// Defect: X-Result-Count goes through Number(): a count above 2^53 is silently rounded.
describe('11. count() never rounds', () => {
  const counted = (value: string) => server.use(http.head(COLLECTION, () => new HttpResponse(null, { headers: { 'X-Result-Count': value } })));

  it('X-Result-Count: 9007199254740993 (2^53 + 1) is a WaldurResponseError', async () => {
    counted('9007199254740993');
    expect(await failure(client().projectCredits.count())).toBeInstanceOf(WaldurResponseError);
  });

  it('X-Result-Count: 12 is 12', async () => {
    counted('12');
    expect(await client().projectCredits.count()).toBe(12);
  });
});

// ---------------------------------------------------------------------------------------------

// Defect: writeCredit refuses every field it does not know, so a credit read from a newer
// server (which sends more fields) cannot be sent back with update() or patch(), as the README
// promises. Read-only and unknown fields of a read credit must be left out of the body.
describe('12. a read credit can be sent back', () => {
  const WRITABLE = new Set(WRITABLE_FIELDS);

  function newerServer() {
    const bodies: Record<string, unknown>[] = [];
    server.use(
      http.get(ITEM, () =>
        HttpResponse.json(
          wireCredit({
            spendable_value: '10.00000',
            creditable_cost_this_month: null,
            is_limited_by_organization_credit: true,
            some_future_field: { x: 1 },
          }),
        ),
      ),
      http.put(ITEM, async ({ request }) => (bodies.push((await request.json()) as Record<string, unknown>), HttpResponse.json(wireCredit()))),
      http.patch(ITEM, async ({ request }) => (bodies.push((await request.json()) as Record<string, unknown>), HttpResponse.json(wireCredit()))),
    );
    return bodies;
  }

  it.each(['update', 'patch'] as const)(
    '%s(c.uuid, c) with a credit carrying fields of a newer server: succeeds, sends only writable fields',
    async (method) => {
      const bodies = newerServer();
      const waldur = client();
      const c = await waldur.projectCredits.get(CREDIT_HEX);
      const sent = method === 'update' ? waldur.projectCredits.update(c.uuid, c) : waldur.projectCredits.patch(c.uuid, c);
      expect((await sent).uuid).toBe(c.uuid);
      expect(bodies).toHaveLength(1);
      const notWritable = Object.keys(bodies[0]!).filter((key) => !WRITABLE.has(key));
      expect(notWritable).toEqual([]);
      expect(bodies[0]).toMatchObject({ value: '1500' });
    },
  );

  it('a typo in a plain object is still an error: update(uuid, { project, valeu: 1 }) names valeu', async () => {
    const { fetch, calls } = countingFetch();
    const error = await failure(client({ fetch }).projectCredits.update(CREDIT_HEX, { project: PROJECT_HEX, valeu: 1 } as ProjectCreditInput));
    expect(error).toBeInstanceOf(WaldurInputError);
    expect((error as Error).message).toContain('valeu');
    expect(calls).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------

// Defect: every attempt and every backoff wait adds its own 'abort' listener to the caller's
// signal: one AbortSignal shared by more than 10 concurrent calls prints Node's
// MaxListenersExceededWarning (which reads as a leak in every log).
describe('13. one AbortSignal shared by many calls', () => {
  async function expectNoMaxListenersWarning(run: (signal: AbortSignal) => Promise<unknown>) {
    const caught = catchWarnings('MaxListenersExceededWarning');
    try {
      await run(new AbortController().signal);
      await new Promise((resolve) => setTimeout(resolve, 20)); // warnings are emitted on a later tick
    } finally {
      caught.stop();
    }
    expect(caught.warnings.length, caught.warnings.map((w) => w.message).join('; ')).toBe(0);
  }

  it('20 concurrent get() calls', async () => {
    server.use(http.get(`${COLLECTION}:uuid/`, async () => (await delay(20), HttpResponse.json(wireCredit()))));
    const waldur = client();
    await expectNoMaxListenersWarning((signal) =>
      Promise.all(Array.from({ length: 20 }, (_, i) => waldur.projectCredits.get(hexId(i + 1), { signal }))),
    );
  });

  it('20 concurrent listAll walks', async () => {
    server.use(http.get(COLLECTION, async () => (await delay(20), HttpResponse.json(creditPage(3), { headers: { 'X-Result-Count': '3' } }))));
    const waldur = client();
    await expectNoMaxListenersWarning((signal) => Promise.all(Array.from({ length: 20 }, () => waldur.projectCredits.listAll({}, { signal }))));
  });

  it('20 concurrent calls waiting in a retry backoff after a 503', async () => {
    let requests = 0;
    server.use(
      http.get(`${COLLECTION}:uuid/`, () =>
        ++requests <= 20 ? HttpResponse.json({ detail: 'Service unavailable.' }, { status: 503 }) : HttpResponse.json(wireCredit()),
      ),
    );
    const waldur = client({ maxRetries: 1, retryBackoffMs: 100 });
    await expectNoMaxListenersWarning((signal) =>
      Promise.all(Array.from({ length: 20 }, (_, i) => waldur.projectCredits.get(hexId(i + 1), { signal }))),
    );
    expect(requests).toBe(40);
  });
});
