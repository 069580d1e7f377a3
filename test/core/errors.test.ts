/** Every failure is a typed error with a readable message, and none of them ever shows the token. */
import { inspect } from 'node:util';
import { delay, http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import {
  createWaldurClient,
  WaldurAbortError,
  WaldurApiError,
  WaldurAuthenticationError,
  WaldurBadRequestError,
  WaldurConflictError,
  WaldurError,
  WaldurNetworkError,
  WaldurNotFoundError,
  WaldurPermissionDeniedError,
  WaldurRateLimitError,
  WaldurResponseError,
  WaldurServerError,
  WaldurTimeoutError,
} from '../../src/index.js';
import { BASE_URL, CREDIT_HEX, CREDIT_HYPHENATED, PROJECT_HEX } from '../support/fixtures.js';
import { server } from '../support/server.js';

const TOKEN = 'sk-live-0123456789abcdef-SECRET';
// Retries are the reliability suite's subject; here each failure is seen once, as it comes.
const waldur = createWaldurClient({ baseUrl: BASE_URL, token: TOKEN, maxRetries: 0 });
const ITEM = `${BASE_URL}/api/project-credits/${CREDIT_HYPHENATED}/`;

async function failure(promise: Promise<unknown>): Promise<WaldurError> {
  const error = await promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WaldurError);
  expect(error).toBeInstanceOf(Error);
  return error as WaldurError;
}

/** `error` as an instance of `Class`, or the test fails. */
function instanceOf<E>(error: unknown, Class: abstract new (...args: never[]) => E): E {
  if (!(error instanceof Class)) throw new Error(`expected a ${Class.name}, got ${String(error)}`);
  return error;
}

/** The token must not appear anywhere a log line or an error report could show. */
function expectNoToken(error: unknown) {
  const views = [
    String(error),
    (error as Error).stack ?? '',
    JSON.stringify(error),
    inspect(error, { depth: Number.POSITIVE_INFINITY, showHidden: true }),
  ];
  for (const view of views) expect(view).not.toContain(TOKEN);
}

describe('HTTP error statuses map to one class each', () => {
  it.each([
    [400, WaldurBadRequestError],
    [401, WaldurAuthenticationError],
    [403, WaldurPermissionDeniedError],
    [404, WaldurNotFoundError],
    [409, WaldurConflictError],
    [429, WaldurRateLimitError],
    [500, WaldurServerError],
    [503, WaldurServerError],
    [418, WaldurApiError],
  ])('%i → %o', async (status, Class) => {
    server.use(http.get(ITEM, () => HttpResponse.json({ detail: `status ${status}` }, { status })));
    const error = await failure(waldur.projectCredits.get(CREDIT_HEX));
    expect(error).toBeInstanceOf(Class);
    expect(error).toBeInstanceOf(WaldurApiError);
    const api = instanceOf(error, WaldurApiError);
    expect(api.status).toBe(status);
    expect(api.detail).toBe(`status ${status}`);
    expect(api.method).toBe('GET');
    expect(api.url).toBe(ITEM);
    expect(api.message).toContain(`GET ${ITEM} → ${status}`);
    expect(api.name).toBe(Class.name);
    expectNoToken(error);
  });
});

describe('DRF error bodies', () => {
  it('reads per-field messages, non_field_errors and nested fields', async () => {
    const body = {
      value: ['Ensure that there are no more than 16 digits in total.'],
      non_field_errors: ['End date must be greater if minimal consumption logic is linear.'],
      offerings: { 0: ['Invalid hyperlink - Object does not exist.'] },
      project: 'This field is required.',
    };
    server.use(http.post(`${BASE_URL}/api/project-credits/`, () => HttpResponse.json(body, { status: 400 })));
    const error = instanceOf(await failure(waldur.projectCredits.create({ project: PROJECT_HEX })), WaldurBadRequestError);
    expect(error.fieldErrors).toEqual({
      value: ['Ensure that there are no more than 16 digits in total.'],
      non_field_errors: ['End date must be greater if minimal consumption logic is linear.'],
      'offerings.0': ['Invalid hyperlink - Object does not exist.'],
      project: ['This field is required.'],
    });
    expect(error.detail).toBeUndefined();
    expect(error.body).toEqual(body);
    expect(error.message).toContain('value: Ensure that there are no more than 16 digits in total.');
    expect(error.message).toContain('non_field_errors: End date must be greater');
  });

  it('reads a bare list of messages as non_field_errors', async () => {
    server.use(http.delete(ITEM, () => HttpResponse.json(['Credit is in use.'], { status: 409 })));
    const error = instanceOf(await failure(waldur.projectCredits.delete(CREDIT_HEX)), WaldurConflictError);
    expect(error).toBeInstanceOf(WaldurConflictError);
    expect(error.fieldErrors).toEqual({ non_field_errors: ['Credit is in use.'] });
    expect(error.message).toMatch(/Credit is in use\./);
  });

  it('reads the "Invalid page." 404 of an out-of-range page', async () => {
    server.use(http.get(`${BASE_URL}/api/project-credits/`, () => HttpResponse.json({ detail: 'Invalid page.' }, { status: 404 })));
    const error = instanceOf(await failure(waldur.projectCredits.list({ page: 99 })), WaldurNotFoundError);
    expect(error).toBeInstanceOf(WaldurNotFoundError);
    expect(error.detail).toBe('Invalid page.');
    expect(error.url).toBe(`${BASE_URL}/api/project-credits/?page=99&page_size=100`);
  });

  it('keeps an HTML error page from a proxy as text and says so', async () => {
    const html = '<html><body><h1>502 Bad Gateway</h1></body></html>';
    server.use(http.get(ITEM, () => HttpResponse.html(html, { status: 502, statusText: 'Bad Gateway' })));
    const error = instanceOf(await failure(waldur.projectCredits.get(CREDIT_HEX)), WaldurServerError);
    expect(error).toBeInstanceOf(WaldurServerError);
    expect(error.body).toBe(html);
    expect(error.detail).toBeUndefined();
    expect(error.message).toBe(`GET ${ITEM} → 502 Bad Gateway: the body is not JSON`);
  });
});

describe('failures without an HTTP error status', () => {
  it('a refused connection is a WaldurNetworkError', async () => {
    server.use(http.get(ITEM, () => HttpResponse.error()));
    const error = await failure(waldur.projectCredits.get(CREDIT_HEX));
    expect(error).toBeInstanceOf(WaldurNetworkError);
    expect(error.message).toMatch(new RegExp(`^GET ${ITEM} failed: `));
    expect(error.cause).toBeInstanceOf(Error);
    expectNoToken(error);
  });

  it('a connection reset in the middle of the body is a WaldurNetworkError', async () => {
    server.use(
      http.get(ITEM, () => {
        const stream = new ReadableStream({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('{"uuid": "8f2e'));
            controller.error(new TypeError('socket hang up'));
          },
        });
        return new HttpResponse(stream, { headers: { 'Content-Type': 'application/json' } });
      }),
    );
    const error = await failure(waldur.projectCredits.get(CREDIT_HEX));
    expect(error).toBeInstanceOf(WaldurNetworkError);
    expectNoToken(error);
  });

  it('truncated JSON is a WaldurResponseError with the status', async () => {
    server.use(http.get(ITEM, () => new HttpResponse('{"uuid": "8f2e', { headers: { 'Content-Type': 'application/json' } })));
    const error = instanceOf(await failure(waldur.projectCredits.get(CREDIT_HEX)), WaldurResponseError);
    expect(error).toBeInstanceOf(WaldurResponseError);
    expect(error.status).toBe(200);
    expect(error.message).toMatch(/not valid JSON \(application\/json, 14 characters\)/);
    // Causes are copied (a cause may hold the request and its token): name and message stay.
    expect((error.cause as Error).name).toBe('SyntaxError');
  });

  it('an HTML page with status 200 is a WaldurResponseError', async () => {
    server.use(http.get(ITEM, () => HttpResponse.html('<html>login</html>')));
    await expect(waldur.projectCredits.get(CREDIT_HEX)).rejects.toBeInstanceOf(WaldurResponseError);
  });

  it('a server that does not answer in timeoutMs is a WaldurTimeoutError', async () => {
    server.use(http.get(ITEM, async () => (await delay('infinite'), HttpResponse.json({}))));
    const error = instanceOf(await failure(waldur.projectCredits.get(CREDIT_HEX, { timeoutMs: 50 })), WaldurTimeoutError);
    expect(error).toBeInstanceOf(WaldurTimeoutError);
    expect(error.timeoutMs).toBe(50);
    expect(error.message).toBe(`GET ${ITEM} timed out after 50 ms`);
    expectNoToken(error);
  });

  it('the timeout also covers a body that stops half-way', async () => {
    server.use(
      http.get(ITEM, () => {
        const stream = new ReadableStream({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('{"uuid": "'));
          },
        });
        return new HttpResponse(stream, { headers: { 'Content-Type': 'application/json' } });
      }),
    );
    await expect(waldur.projectCredits.get(CREDIT_HEX, { timeoutMs: 80 })).rejects.toBeInstanceOf(WaldurTimeoutError);
  });

  it('an abort in flight is a WaldurAbortError carrying the reason', async () => {
    server.use(http.get(ITEM, async () => (await delay('infinite'), HttpResponse.json({}))));
    const controller = new AbortController();
    const pending = waldur.projectCredits.get(CREDIT_HEX, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('user left the page')), 20);
    const error = await failure(pending);
    expect(error).toBeInstanceOf(WaldurAbortError);
    expect(error.message).toBe(`GET ${ITEM} was aborted: user left the page`);
    expect((error.cause as Error).message).toBe('user left the page');
  });

  it('an already-aborted signal sends nothing', async () => {
    let requests = 0;
    server.use(http.all('*', () => (requests++, HttpResponse.json({}))));
    const error = await failure(waldur.projectCredits.get(CREDIT_HEX, { signal: AbortSignal.abort() }));
    expect(error).toBeInstanceOf(WaldurAbortError);
    expect(requests).toBe(0);
  });

  it('a redirect is not followed (the token stays with baseUrl) and is explained', async () => {
    let followed = 0;
    server.use(
      http.get(ITEM, () => new HttpResponse(null, { status: 302, headers: { Location: 'https://elsewhere.test/steal' } })),
      http.get('https://elsewhere.test/steal', () => (followed++, HttpResponse.json({}))),
    );
    const error = instanceOf(await failure(waldur.projectCredits.get(CREDIT_HEX)), WaldurResponseError);
    expect(error).toBeInstanceOf(WaldurResponseError);
    expect(error.status).toBe(302);
    expect(error.message).toMatch(/redirected to https:\/\/elsewhere\.test\/steal/);
    expect(followed).toBe(0);
  });

  it('a token provider that throws becomes a WaldurError with its message', async () => {
    const broken = createWaldurClient({ baseUrl: BASE_URL, token: () => Promise.reject(new Error('vault sealed')) });
    const error = await failure(broken.projectCredits.get(CREDIT_HEX));
    expect(error.message).toBe('the token provider failed: vault sealed');
  });

  it('a token provider that answers a non-token is refused without showing it', async () => {
    const bad = `${TOKEN}\r\nX-Evil: 1`;
    const broken = createWaldurClient({ baseUrl: BASE_URL, token: () => bad });
    const error = await failure(broken.projectCredits.get(CREDIT_HEX));
    expect(error).toMatchObject({ field: 'token' });
    expectNoToken(error);
  });
});

describe('errors can be reported safely', () => {
  it('JSON.stringify of an API error shows its facts and no token', async () => {
    server.use(http.get(ITEM, () => HttpResponse.json({ detail: 'Invalid token.' }, { status: 401 })));
    const error = await failure(waldur.projectCredits.get(CREDIT_HEX));
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({ status: 401, detail: 'Invalid token.', method: 'GET', url: ITEM });
    expectNoToken(error);
  });
});
