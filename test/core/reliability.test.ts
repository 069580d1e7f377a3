/**
 * Fault injection: retries that are safe for money, timeouts, cancellation, token rotation.
 * MSW fakes HTTP answers; a real node:http server on 127.0.0.1 fakes what MSW cannot
 * (sockets reset mid-body, a server that never answers, 500 concurrent connections).
 */
import { inspect } from 'node:util';
import { delay, http, HttpResponse } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createWaldurClient,
  WaldurAbortError,
  WaldurAuthenticationError,
  WaldurNetworkError,
  WaldurNotFoundError,
  WaldurRateLimitError,
  WaldurResponseError,
  WaldurServerError,
  WaldurTimeoutError,
} from '../../src/index.js';
import type { ResponseEvent, WaldurClientOptions } from '../../src/index.js';
import { parseRetryAfter, retryDelay, sleep } from '../../src/core/retry.js';
import { WaldurNetworkError as NetworkError } from '../../src/core/errors.js';
import { BASE_URL, CREDIT_HEX, CREDIT_HYPHENATED, PROJECT_HEX, wireCredit } from '../support/fixtures.js';
import { startRealServer } from '../support/real-server.js';
import type { RealServer } from '../support/real-server.js';
import { server } from '../support/server.js';

const TOKEN = 'tok_live_5f1b9c2e8a7d4e3f';
const ITEM = `${BASE_URL}/api/project-credits/${CREDIT_HYPHENATED}/`;
const COLLECTION = `${BASE_URL}/api/project-credits/`;

/** Every error the suite produced: the redaction test reads them all at the end. */
const produced: unknown[] = [];

function client(options: Partial<WaldurClientOptions> = {}) {
  const events: ResponseEvent[] = [];
  const waldur = createWaldurClient({
    baseUrl: BASE_URL,
    token: TOKEN,
    retryBackoffMs: 5,
    onResponse: (e) => events.push(e),
    ...options,
  });
  return { waldur, events };
}

async function failure<T>(promise: Promise<T>): Promise<unknown> {
  const error = await promise.then(
    () => new Error('expected a failure'),
    (e: unknown) => e,
  );
  produced.push(error);
  return error;
}

/** Answers the given responses in turn, the last one for ever after; counts requests. */
function sequence(method: 'get' | 'post' | 'patch' | 'put' | 'delete', url: string, answers: (() => Response | Promise<Response>)[]) {
  const seen: { authorization: string | null }[] = [];
  server.use(
    http[method](url, async ({ request }) => {
      seen.push({ authorization: request.headers.get('Authorization') });
      return answers[Math.min(seen.length, answers.length) - 1]!();
    }),
  );
  return seen;
}

const ok = () => HttpResponse.json(wireCredit());
const unavailable = () => HttpResponse.json({ detail: 'Service unavailable.' }, { status: 503 });

let real: RealServer | undefined;
afterEach(async () => {
  await real?.close();
  real = undefined;
});

describe('retries', () => {
  it('503 twice, then 200: the GET succeeds on the third attempt', async () => {
    const seen = sequence('get', ITEM, [unavailable, unavailable, ok]);
    const { waldur, events } = client();
    const credit = await waldur.projectCredits.get(CREDIT_HEX);
    expect(credit.project_name).toBe('Genome assembly');
    expect(seen).toHaveLength(3);
    expect(events.map((e) => [e.attempt, e.status, e.retryInMs !== undefined])).toEqual([
      [1, 503, true],
      [2, 503, true],
      [3, 200, false],
    ]);
  });

  it('gives up after maxRetries and surfaces the last error', async () => {
    const seen = sequence('get', ITEM, [unavailable]);
    const { waldur } = client({ maxRetries: 1 });
    expect(await failure(waldur.projectCredits.get(CREDIT_HEX))).toBeInstanceOf(WaldurServerError);
    expect(seen).toHaveLength(2);
  });

  it('maxRetries per request overrides the client', async () => {
    const seen = sequence('get', ITEM, [unavailable]);
    const { waldur } = client({ maxRetries: 5 });
    await failure(waldur.projectCredits.get(CREDIT_HEX, { maxRetries: 0 }));
    expect(seen).toHaveLength(1);
  });

  it('429 with Retry-After: 1 waits one second (not the backoff), then succeeds', async () => {
    const seen = sequence('get', ITEM, [() => HttpResponse.json({ detail: 'Slow down.' }, { status: 429, headers: { 'Retry-After': '1' } }), ok]);
    const { waldur, events } = client();
    await waldur.projectCredits.get(CREDIT_HEX);
    expect(events[0]).toMatchObject({ status: 429, retryInMs: 1000 });
    expect(seen).toHaveLength(2);
  });

  it('429 with an HTTP-date Retry-After waits until that date', async () => {
    const seen = sequence('get', ITEM, [
      () => HttpResponse.json({}, { status: 429, headers: { 'Retry-After': new Date(Date.now() + 2000).toUTCString() } }),
      ok,
    ]);
    const { waldur, events } = client();
    await waldur.projectCredits.get(CREDIT_HEX);
    // HTTP-dates have whole seconds: the wait is between 1 and 2 seconds.
    expect(events[0]!.retryInMs).toBeGreaterThan(900);
    expect(events[0]!.retryInMs).toBeLessThanOrEqual(2000);
    expect(seen).toHaveLength(2);
  });

  it('a Retry-After longer than 60 s is not waited for: the error surfaces at once with retryAfterMs', async () => {
    const seen = sequence('get', ITEM, [() => HttpResponse.json({}, { status: 503, headers: { 'Retry-After': '3600' } }), ok]);
    const { waldur, events } = client();
    const error = await failure(waldur.projectCredits.get(CREDIT_HEX));
    expect(error).toBeInstanceOf(WaldurServerError);
    expect((error as WaldurServerError).retryAfterMs).toBe(3_600_000);
    expect(seen).toHaveLength(1);
    expect(events[0]!.retryInMs).toBeUndefined();
  });

  it('a DELETE whose answer was lost and whose retry finds the credit gone has succeeded', async () => {
    const seen = sequence('delete', ITEM, [() => HttpResponse.error(), () => HttpResponse.json({ detail: 'Not found.' }, { status: 404 })]);
    const { waldur } = client();
    await expect(waldur.projectCredits.delete(CREDIT_HEX)).resolves.toBeUndefined();
    expect(seen).toHaveLength(2);
    const missing = sequence('delete', ITEM, [() => HttpResponse.json({ detail: 'Not found.' }, { status: 404 })]);
    expect(await failure(waldur.projectCredits.delete(CREDIT_HEX))).toBeInstanceOf(WaldurNotFoundError);
    expect(missing).toHaveLength(1);
  });

  it('a 429 that outlasts the retries keeps retryAfterMs for the caller', async () => {
    sequence('get', ITEM, [() => HttpResponse.json({}, { status: 429, headers: { 'Retry-After': '7' } })]);
    const { waldur } = client();
    const error = await failure(waldur.projectCredits.get(CREDIT_HEX, { maxRetries: 0 }));
    expect(error).toBeInstanceOf(WaldurRateLimitError);
    expect((error as WaldurRateLimitError).retryAfterMs).toBe(7000);
  });

  it('an HTML 502 page from a proxy is retried, and kept as text when it persists', async () => {
    const html = '<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>';
    const seen = sequence('get', ITEM, [() => HttpResponse.html(html, { status: 502 })]);
    const { waldur } = client();
    const error = await failure(waldur.projectCredits.get(CREDIT_HEX));
    expect(error).toBeInstanceOf(WaldurServerError);
    expect((error as WaldurServerError).body).toBe(html);
    expect(seen).toHaveLength(3);
  });

  it('PUT and DELETE are retried (idempotent); 500 and 400 are not', async () => {
    const put = sequence('put', ITEM, [unavailable, ok]);
    const del = sequence('delete', ITEM, [unavailable, () => new HttpResponse(null, { status: 204 })]);
    const { waldur } = client();
    await waldur.projectCredits.update(CREDIT_HEX, { project: PROJECT_HEX, value: '1' });
    await waldur.projectCredits.delete(CREDIT_HEX);
    expect([put.length, del.length]).toEqual([2, 2]);
    const internal = sequence('get', ITEM, [() => HttpResponse.json({ detail: 'boom' }, { status: 500 })]);
    await failure(waldur.projectCredits.get(CREDIT_HEX));
    expect(internal).toHaveLength(1);
  });
});

describe('writes that are not idempotent are sent once', () => {
  it('POST that gets 503: exactly one request, the error surfaces', async () => {
    const seen = sequence('post', COLLECTION, [unavailable, () => HttpResponse.json(wireCredit(), { status: 201 })]);
    const { waldur } = client({ maxRetries: 5 });
    expect(await failure(waldur.projectCredits.create({ project: PROJECT_HEX, value: '10' }))).toBeInstanceOf(WaldurServerError);
    expect(seen).toHaveLength(1);
  });

  it('PATCH that times out: exactly one request, a WaldurTimeoutError', async () => {
    const seen = sequence('patch', ITEM, [async () => (await delay('infinite'), ok())]);
    const { waldur } = client({ maxRetries: 5, timeoutMs: 50 });
    expect(await failure(waldur.projectCredits.patch(CREDIT_HEX, { value: '1' }))).toBeInstanceOf(WaldurTimeoutError);
    expect(seen).toHaveLength(1);
  });

  it('POST on a network error: exactly one request', async () => {
    const seen = sequence('post', COLLECTION, [() => HttpResponse.error()]);
    const { waldur } = client({ maxRetries: 5 });
    expect(await failure(waldur.projectCredits.create({ project: PROJECT_HEX }))).toBeInstanceOf(WaldurNetworkError);
    expect(seen).toHaveLength(1);
  });
});

describe('a 429 was never processed: every method is sent again after its Retry-After', () => {
  const slowDown = (seconds: string) => () =>
    HttpResponse.json({ detail: 'Request was throttled. Expected available in 1 second.' }, { status: 429, headers: { 'Retry-After': seconds } });

  it('PATCH: 429 with Retry-After: 1, then 200: two requests, the second one second later, and the patch resolves', async () => {
    const seen = sequence('patch', ITEM, [slowDown('1'), ok]);
    const { waldur, events } = client();
    const started = Date.now();
    await expect(waldur.projectCredits.patch(CREDIT_HEX, { value: '1' })).resolves.toMatchObject({ uuid: CREDIT_HYPHENATED });
    expect(seen).toHaveLength(2);
    expect(events.map((e) => [e.status, e.retryInMs])).toEqual([
      [429, 1000],
      [200, undefined],
    ]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(990);
  });

  it('POST: 429 then 201: created by the second request', async () => {
    const seen = sequence('post', COLLECTION, [slowDown('0'), () => HttpResponse.json(wireCredit(), { status: 201 })]);
    const { waldur } = client();
    await expect(waldur.projectCredits.create({ project: PROJECT_HEX, value: '10' })).resolves.toMatchObject({ uuid: CREDIT_HYPHENATED });
    expect(seen).toHaveLength(2);
  });

  it('within the retry budget: a PATCH throttled every time is sent maxRetries + 1 times, then the 429 surfaces', async () => {
    const seen = sequence('patch', ITEM, [slowDown('0')]);
    const { waldur } = client({ maxRetries: 3 });
    const error = await failure(waldur.projectCredits.patch(CREDIT_HEX, { value: '1' }));
    expect(error).toBeInstanceOf(WaldurRateLimitError);
    expect(seen).toHaveLength(4);
    const once = sequence('post', COLLECTION, [slowDown('0')]);
    expect(await failure(waldur.projectCredits.create({ project: PROJECT_HEX }, { maxRetries: 0 }))).toBeInstanceOf(WaldurRateLimitError);
    expect(once).toHaveLength(1);
  });

  it('a Retry-After over 60 s is not waited for, on a PATCH either', async () => {
    const seen = sequence('patch', ITEM, [slowDown('3600'), ok]);
    const { waldur } = client();
    const error = await failure(waldur.projectCredits.patch(CREDIT_HEX, { value: '1' }));
    expect((error as WaldurRateLimitError).retryAfterMs).toBe(3_600_000);
    expect(seen).toHaveLength(1);
  });

  it('other failures of a POST or PATCH are still not retried: 503, 502 (a timeout: above)', async () => {
    const post = sequence('post', COLLECTION, [unavailable, () => HttpResponse.json(wireCredit(), { status: 201 })]);
    const patch = sequence('patch', ITEM, [() => HttpResponse.json({ detail: 'Bad gateway' }, { status: 502 }), ok]);
    const { waldur } = client({ maxRetries: 5 });
    expect(await failure(waldur.projectCredits.create({ project: PROJECT_HEX }))).toBeInstanceOf(WaldurServerError);
    expect(await failure(waldur.projectCredits.patch(CREDIT_HEX, { value: '1' }))).toBeInstanceOf(WaldurServerError);
    expect([post.length, patch.length]).toEqual([1, 1]);
  });
});

describe('timeouts and cancellation', () => {
  it('a timed-out attempt closes its connection, also when the body stalls after the headers', async () => {
    const closed: Promise<void>[] = [];
    real = await startRealServer((req, res) => {
      closed.push(new Promise((resolve) => req.socket.once('close', () => resolve())));
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '5000' });
      res.write('{"uuid": "8f2e4b1c9d0a4e6f8a7b6c5d4e3f2a1b", ');
    });
    const { waldur } = client({ baseUrl: real.origin, timeoutMs: 80, maxRetries: 1 });
    expect(await failure(waldur.projectCredits.get(CREDIT_HEX))).toBeInstanceOf(WaldurTimeoutError);
    expect(real.requests).toHaveLength(2);
    // Both attempts' sockets close (were one left open, this would run into the test's time limit).
    await Promise.all(closed);
  });

  it('a hanging server is cut at timeoutMs on each attempt; a GET is retried, then times out', async () => {
    real = await startRealServer(() => undefined); // accepts, never answers
    const { waldur, events } = client({ baseUrl: real.origin, timeoutMs: 60, maxRetries: 1 });
    const error = await failure(waldur.projectCredits.get(CREDIT_HEX));
    expect(error).toBeInstanceOf(WaldurTimeoutError);
    expect((error as WaldurTimeoutError).timeoutMs).toBe(60);
    expect(real.requests).toHaveLength(2);
    expect(events.map((e) => e.status)).toEqual([null, null]);
  });

  it('an abort during a backoff wait ends the operation at once', async () => {
    const seen = sequence('get', ITEM, [() => HttpResponse.json({}, { status: 503, headers: { 'Retry-After': '30' } })]);
    const { waldur } = client();
    const controller = new AbortController();
    const pending = waldur.projectCredits.get(CREDIT_HEX, { signal: controller.signal });
    await new Promise((r) => setTimeout(r, 50));
    controller.abort(new Error('shutting down'));
    // Were the 30 s wait not cut, this test would run into its 5 s limit.
    const error = await failure(pending);
    expect(error).toBeInstanceOf(WaldurAbortError);
    expect(seen).toHaveLength(1);
  });

  it('timeout and abort are different classes', async () => {
    sequence('get', ITEM, [async () => (await delay('infinite'), ok())]);
    const { waldur } = client({ maxRetries: 0 });
    const timedOut = await failure(waldur.projectCredits.get(CREDIT_HEX, { timeoutMs: 30 }));
    const aborted = await failure(waldur.projectCredits.get(CREDIT_HEX, { signal: AbortSignal.timeout(30) }));
    expect(timedOut).toBeInstanceOf(WaldurTimeoutError);
    expect(aborted).toBeInstanceOf(WaldurAbortError);
    expect(aborted).not.toBeInstanceOf(WaldurTimeoutError);
  });
});

describe('broken answers', () => {
  it('a connection reset mid-response is a network error, retried for a GET', async () => {
    real = await startRealServer((_req, res, n) => {
      if (n === 1) {
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '5000' });
        res.write('{"uuid": "8f2e4b1c9d0a4e6f8a7b6c5d4e3f2a1b", "value": "15');
        setTimeout(() => res.socket?.destroy(), 5);
      } else {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(wireCredit()));
      }
    });
    const { waldur, events } = client({ baseUrl: real.origin });
    const credit = await waldur.projectCredits.get(CREDIT_HEX);
    expect(credit.value.toFixed()).toBe('1500');
    expect(real.requests).toHaveLength(2);
    expect(events[0]!.error).toBeInstanceOf(WaldurNetworkError);
  });

  it('a reset on every attempt surfaces a WaldurNetworkError', async () => {
    real = await startRealServer((req) => req.socket.destroy());
    const { waldur } = client({ baseUrl: real.origin, maxRetries: 1 });
    expect(await failure(waldur.projectCredits.get(CREDIT_HEX))).toBeInstanceOf(NetworkError);
    expect(real.requests).toHaveLength(2);
  });

  it('truncated JSON (complete as HTTP) is a WaldurResponseError, not retried', async () => {
    const seen = sequence('get', ITEM, [() => new HttpResponse('{"uuid": "8f2e4b1c', { headers: { 'Content-Type': 'application/json' } })]);
    const { waldur } = client();
    expect(await failure(waldur.projectCredits.get(CREDIT_HEX))).toBeInstanceOf(WaldurResponseError);
    expect(seen).toHaveLength(1);
  });
});

describe('load', () => {
  it('500 concurrent gets against one real server: all succeed, none lost', async () => {
    real = await startRealServer((req, res) => {
      // The server renders the UUID it was asked for as 32 hex digits, as Waldur does.
      const uuid = /\/api\/project-credits\/([0-9a-f-]{36})\//.exec(req.url ?? '')?.[1]?.replaceAll('-', '');
      setTimeout(() => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(wireCredit({ uuid })));
      }, 5);
    });
    const { waldur } = client({ baseUrl: real.origin });
    const uuids = Array.from({ length: 500 }, (_, i) => (i + 1).toString(16).padStart(32, '0'));
    const credits = await Promise.all(uuids.map((uuid) => waldur.projectCredits.get(uuid)));
    expect(credits.map((c) => c.uuid.replaceAll('-', ''))).toEqual(uuids);
    expect(real.requests).toHaveLength(500);
  }, 20_000);
});

describe('credentials', () => {
  it('a rotating token provider is asked per attempt: the retry carries the new token', async () => {
    const seen = sequence('get', ITEM, [unavailable, ok]);
    let n = 0;
    const { waldur } = client({ token: () => `rotating-${++n}` });
    await waldur.projectCredits.get(CREDIT_HEX);
    expect(seen.map((s) => s.authorization)).toEqual(['Token rotating-1', 'Token rotating-2']);
  });

  it('a 401 with a fixed token is not retried', async () => {
    const seen = sequence('get', ITEM, [() => HttpResponse.json({ detail: 'Invalid token.' }, { status: 401 })]);
    const { waldur } = client({ maxRetries: 5 });
    expect(await failure(waldur.projectCredits.get(CREDIT_HEX))).toBeInstanceOf(WaldurAuthenticationError);
    expect(seen).toHaveLength(1);
  });

  it('a 401 is retried once when the provider then answers a different token, never with the same one', async () => {
    const rotated = sequence('get', ITEM, [() => HttpResponse.json({ detail: 'Token expired.' }, { status: 401 }), ok]);
    let version = 1;
    const { waldur } = client({ token: () => `v${version}` });
    const pending = waldur.projectCredits.get(CREDIT_HEX);
    version = 2; // rotated after the first request went out
    await pending;
    expect(rotated.map((s) => s.authorization)).toEqual(['Token v1', 'Token v2']);

    const same = sequence('get', ITEM, [() => HttpResponse.json({ detail: 'Invalid token.' }, { status: 401 })]);
    const fixed = client({ token: () => 'same' }).waldur;
    expect(await failure(fixed.projectCredits.get(CREDIT_HEX))).toBeInstanceOf(WaldurAuthenticationError);
    expect(same).toHaveLength(1);
  });
});

describe('hooks', () => {
  it('onRequest and onResponse see method, URL, attempt, status and duration; a throwing hook breaks nothing', async () => {
    sequence('get', ITEM, [unavailable, ok]);
    const log: string[] = [];
    const waldur = createWaldurClient({
      baseUrl: BASE_URL,
      token: TOKEN,
      retryBackoffMs: 5,
      onRequest: (e) => {
        log.push(`→ ${e.method} ${e.url} #${e.attempt}`);
        throw new Error('logger bug');
      },
      onResponse: (e) => log.push(`← ${e.status} #${e.attempt} ${e.durationMs >= 0 ? 'timed' : ''} ${e.retryInMs === undefined ? 'final' : 'retry'}`),
    });
    await waldur.projectCredits.get(CREDIT_HEX);
    expect(log).toEqual([`→ GET ${ITEM} #1`, '← 503 #1 timed retry', `→ GET ${ITEM} #2`, '← 200 #2 timed final']);
    expect(log.join('\n')).not.toContain(TOKEN);
  });
});

describe('policy details', () => {
  it('the wait between attempts lasts exactly the delay, and an abort ends it at once (fake clock)', async () => {
    vi.useFakeTimers();
    try {
      let done = false;
      const waiting = sleep(1000, undefined, 'GET x').then(() => (done = true));
      await vi.advanceTimersByTimeAsync(999);
      expect(done).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      await waiting;
      expect(done).toBe(true);

      const controller = new AbortController();
      const cut = sleep(30_000, controller.signal, 'GET x');
      controller.abort(new Error('stop'));
      await expect(cut).rejects.toBeInstanceOf(WaldurAbortError);
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('Retry-After reads seconds and HTTP-dates; junk is ignored', () => {
    const now = Date.parse('2026-11-26T10:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('0.5', now)).toBe(500);
    expect(parseRetryAfter('Thu, 26 Nov 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Thu, 26 Nov 2026 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it('backoff doubles with jitter and is capped; a Retry-After over 60 s means no retry', () => {
    const err = new NetworkError({ method: 'GET', url: ITEM }, new TypeError('x'));
    expect([1, 2, 3].map((a) => retryDelay(err, a, 500, () => 0))).toEqual([250, 500, 1000]);
    expect([1, 2, 3].map((a) => retryDelay(err, a, 500, () => 1))).toEqual([500, 1000, 2000]);
    expect(retryDelay(err, 10, 500, () => 1)).toBe(8000);
    const slowDown = (seconds: string) => new WaldurRateLimitError(429, {}, { method: 'GET', url: ITEM }, '', parseRetryAfter(seconds));
    expect(retryDelay(slowDown('60'), 1, 500)).toBe(60_000);
    expect(retryDelay(slowDown('61'), 1, 500)).toBeUndefined();
  });
});

describe('redaction', () => {
  it('the token appears in no error of any fault above', () => {
    expect(produced.length).toBeGreaterThan(10);
    for (const error of produced) {
      expect(error).toBeInstanceOf(Error);
      for (const view of [
        String(error),
        (error as Error).stack ?? '',
        JSON.stringify(error),
        inspect(error, { depth: Number.POSITIVE_INFINITY, showHidden: true }),
      ]) {
        expect(view).not.toContain(TOKEN);
      }
    }
  });
});
