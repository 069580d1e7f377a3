/** createWaldurClient: options checked up front, credentials per client, headers and fetch honoured. */
import { inspect } from 'node:util';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { createWaldurClient, WaldurInputError } from '../src/index.js';
import { BASE_URL, CREDIT_HEX, CREDIT_HYPHENATED, wireCredit } from './support/fixtures.js';
import { recordRequests } from './support/record.js';
import { server } from './support/server.js';

const ITEM = `${BASE_URL}/api/project-credits/:uuid/`;

describe('options', () => {
  it.each([
    [{ baseUrl: 'waldur.example.com', token: 't' }, 'options.baseUrl'],
    [{ baseUrl: 'ftp://waldur.example.com', token: 't' }, 'options.baseUrl'],
    [{ baseUrl: 'https://user:pw@waldur.example.com', token: 't' }, 'options.baseUrl'],
    [{ baseUrl: 'https://waldur.example.com?x=1', token: 't' }, 'options.baseUrl'],
    [{ baseUrl: BASE_URL, token: '' }, 'options.token'],
    [{ baseUrl: BASE_URL, token: 42 }, 'options.token'],
    [{ baseUrl: BASE_URL, token: 'has a space' }, 'options.token'],
    [{ baseUrl: BASE_URL, token: 'tok\u00e9n' }, 'options.token'],
    [{ baseUrl: BASE_URL, token: 't', tokenType: 'Basic' }, 'options.tokenType'],
    [{ baseUrl: BASE_URL, token: 't', timeoutMs: 0 }, 'options.timeoutMs'],
    [{ baseUrl: BASE_URL, token: 't', timeoutMs: Number.POSITIVE_INFINITY }, 'options.timeoutMs'],
    [{ baseUrl: BASE_URL, token: 't', headers: { Authorization: 'Token other' } }, 'options.headers.Authorization'],
    [{ baseUrl: BASE_URL, token: 't', headers: { 'X-A': 'a\r\nb' } }, 'options.headers.X-A'],
    [{ baseUrl: BASE_URL, token: 't', headers: { 'X-Note': 'done ✓' } }, 'options.headers.X-Note'],
    [{ baseUrl: BASE_URL, token: 't', fetch: 'fetch' }, 'options.fetch'],
    [{ baseUrl: BASE_URL, token: 't', maxRetires: 3 }, 'options.maxRetires'],
  ])('refuses %j', (options, field) => {
    expect(() => createWaldurClient(options as never)).toThrow(WaldurInputError);
    try {
      createWaldurClient(options as never);
    } catch (error) {
      expect((error as WaldurInputError).field).toBe(field);
    }
  });

  it('normalizes the base URL: a trailing slash and a path prefix are fine', async () => {
    expect(createWaldurClient({ baseUrl: 'https://waldur.example.com/', token: 't' }).baseUrl).toBe('https://waldur.example.com');
    const prefixed = createWaldurClient({ baseUrl: `${BASE_URL}/waldur//`, token: 't' });
    expect(prefixed.baseUrl).toBe(`${BASE_URL}/waldur`);
    server.use(http.get(`${BASE_URL}/waldur/api/project-credits/:uuid/`, () => HttpResponse.json(wireCredit())));
    await expect(prefixed.projectCredits.get(CREDIT_HEX)).resolves.toMatchObject({ project_name: 'Genome assembly' });
  });

  it.each([
    ['https://waldur.example.com/api', 'https://waldur.example.com'],
    ['https://waldur.example.com/api/', 'https://waldur.example.com'],
    ['https://waldur.example.com/api/project-credits/', 'https://waldur.example.com'],
    ['https://waldur.example.com/API/project-credits', 'https://waldur.example.com'],
    ['https://example.com/waldur/api/', 'https://example.com/waldur'],
  ])('refuses the API address %s as baseUrl, naming the one to use (%s)', (baseUrl, use) => {
    const error = (() => {
      try {
        createWaldurClient({ baseUrl, token: 't' });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(WaldurInputError);
    expect((error as WaldurInputError).field).toBe('options.baseUrl');
    expect((error as WaldurInputError).message).toContain(`Use baseUrl: "${use}"`);
  });

  it('keeps a path prefix that merely contains "api" (https://host/apiary)', () => {
    expect(createWaldurClient({ baseUrl: 'https://host.test/apiary', token: 't' }).baseUrl).toBe('https://host.test/apiary');
  });

  it('accepts tokenType in any case and sends its canonical spelling', async () => {
    const seen = recordRequests();
    server.use(http.get(ITEM, () => HttpResponse.json(wireCredit())));
    for (const tokenType of ['bearer', 'BEARER', 'token', 'TOKEN', 'Token']) {
      await createWaldurClient({ baseUrl: BASE_URL, token: 'k', tokenType }).projectCredits.get(CREDIT_HEX);
    }
    expect(seen.map((s) => s.headers.get('Authorization'))).toEqual(['Bearer k', 'Bearer k', 'Token k', 'Token k', 'Token k']);
  });

  it('refuses unknown request options before any request', async () => {
    const seen = recordRequests();
    const waldur = createWaldurClient({ baseUrl: BASE_URL, token: 't' });
    await expect(waldur.projectCredits.get(CREDIT_HEX, { sigal: undefined } as never)).rejects.toMatchObject({ field: 'options.sigal' });
    await expect(waldur.projectCredits.get(CREDIT_HEX, { timeoutMs: -1 })).rejects.toMatchObject({ field: 'options.timeoutMs' });
    await expect(waldur.projectCredits.get(CREDIT_HEX, { signal: 'stop' as never })).rejects.toMatchObject({ field: 'options.signal' });
    expect(seen).toHaveLength(0);
  });
});

describe('credentials', () => {
  it('sends `Token <key>` by default and `Bearer <jwt>` when asked', async () => {
    const seen = recordRequests();
    server.use(http.get(ITEM, () => HttpResponse.json(wireCredit())));
    await createWaldurClient({ baseUrl: BASE_URL, token: 'key1' }).projectCredits.get(CREDIT_HEX);
    await createWaldurClient({ baseUrl: BASE_URL, token: 'jwt.a.b', tokenType: 'Bearer' }).projectCredits.get(CREDIT_HEX);
    expect(seen.map((s) => s.headers.get('Authorization'))).toEqual(['Token key1', 'Bearer jwt.a.b']);
  });

  it('asks a token provider before every request, so a rotated token is used at once', async () => {
    const seen = recordRequests();
    server.use(http.get(ITEM, () => HttpResponse.json(wireCredit())));
    let n = 0;
    const waldur = createWaldurClient({ baseUrl: BASE_URL, token: async () => `rotated-${++n}` });
    await waldur.projectCredits.get(CREDIT_HEX);
    await waldur.projectCredits.get(CREDIT_HEX);
    expect(seen.map((s) => s.headers.get('Authorization'))).toEqual(['Token rotated-1', 'Token rotated-2']);
  });

  it('keeps two clients in one process apart (tenants never mix)', async () => {
    const seen = recordRequests();
    server.use(
      http.get(ITEM, () => HttpResponse.json(wireCredit())),
      http.get(`https://other.test/api/project-credits/:uuid/`, () => HttpResponse.json(wireCredit())),
    );
    const a = createWaldurClient({ baseUrl: BASE_URL, token: 'tenant-a' });
    const b = createWaldurClient({ baseUrl: 'https://other.test', token: 'tenant-b', tokenType: 'Bearer' });
    await Promise.all([a.projectCredits.get(CREDIT_HEX), b.projectCredits.get(CREDIT_HEX), a.projectCredits.get(CREDIT_HEX)]);
    const byHost = seen.map((s) => `${s.url.host} ${s.headers.get('Authorization')}`).sort();
    expect(byHost).toEqual(['other.test Bearer tenant-b', 'waldur.test Token tenant-a', 'waldur.test Token tenant-a']);
  });

  it('does not show the token when the client itself is logged', () => {
    const waldur = createWaldurClient({ baseUrl: BASE_URL, token: 'hidden-token-value' });
    expect(inspect(waldur, { depth: Number.POSITIVE_INFINITY, showHidden: true })).not.toContain('hidden-token-value');
    expect(JSON.stringify(waldur)).not.toContain('hidden-token-value');
  });
});

describe('headers and fetch', () => {
  it('sends client and per-request headers, the request ones winning', async () => {
    const seen = recordRequests();
    server.use(http.get(ITEM, () => HttpResponse.json(wireCredit())));
    const waldur = createWaldurClient({ baseUrl: BASE_URL, token: 't', headers: { 'X-App': 'billing', 'Accept-Language': 'et' } });
    await waldur.projectCredits.get(CREDIT_HEX, { headers: { 'Accept-Language': 'en' } });
    expect(seen[0]!.headers.get('X-App')).toBe('billing');
    expect(seen[0]!.headers.get('Accept-Language')).toBe('en');
  });

  it('uses the given fetch instead of the global one', async () => {
    const calls: string[] = [];
    const fetchSpy: typeof fetch = async (input, init) => {
      const request = new Request(input, init);
      calls.push(`${request.method} ${request.url} ${request.headers.get('Authorization')}`);
      return Response.json(wireCredit());
    };
    const waldur = createWaldurClient({ baseUrl: 'https://custom.test', token: 'k', fetch: fetchSpy });
    const credit = await waldur.projectCredits.get(CREDIT_HEX);
    expect(credit.project_name).toBe('Genome assembly');
    expect(calls).toEqual([`GET https://custom.test/api/project-credits/${CREDIT_HYPHENATED}/ Token k`]);
  });
});

describe('a token that is not one: the message names the mistake, never the token', () => {
  const KEY = 'sk-SECRET-0123';
  const CASES: [string, string, 'Token' | 'Bearer' | undefined, RegExp][] = [
    ['a trailing newline', `${KEY}\n`, undefined, /^ends with a newline \(U\+000A\): trim it$/],
    ['a Windows line end', `${KEY}\r\n`, undefined, /^ends with a newline \(U\+000A\): trim it$/],
    ['a leading space', ` ${KEY}`, undefined, /^starts with a space \(U\+0020\): trim it$/],
    ['a byte-order mark', `\ufeff${KEY}`, undefined, /^starts with U\+FEFF: trim it$/],
    ['whitespace only', ' \t\n', undefined, /^is only whitespace$/],
    ['"Token " pasted with the key', `Token ${KEY}`, undefined, /^starts with "Token": give the key alone$/],
    ['"Bearer " without tokenType', `Bearer ${KEY}`, undefined, /^starts with "Bearer": give the key alone and set tokenType: 'Bearer'$/],
    ['"bearer" and a tab, with tokenType Bearer', `bearer\t${KEY}`, 'Bearer', /^starts with "bearer": give the key alone$/],
    ['"Token" with tokenType Bearer', `Token ${KEY}`, 'Bearer', /^starts with "Token": give the key alone and set tokenType: 'Token'$/],
    ['"Token " and a newline', `Token ${KEY}\n`, undefined, /^ends with a newline \(U\+000A\): trim it; starts with "Token": give the key alone$/],
    ['a space inside', 'sk-SECRET 0123', undefined, /^character 10 is a space \(U\+0020\), not visible ASCII$/],
    ['a letter that is not ASCII', 'sk-SECRÉT-0123', undefined, /^character 8 is U\+00C9, not visible ASCII$/],
    ['typographic quotes', `\u201c${KEY}\u201d`, undefined, /^character 1 is U\+201C, not visible ASCII$/],
    [
      'an emoji counts as one character',
      `sk-\u{1F600}-SECRET\u00a0`,
      undefined,
      /^ends with U\+00A0: trim it; character 4 is U\+1F600, not visible ASCII$/,
    ],
    [
      'a zero-width space after the scheme',
      `Token \u200b${KEY}`,
      undefined,
      /^starts with "Token": give the key alone; character 7 is U\+200B, not visible ASCII$/,
    ],
  ];
  const shows = (error: unknown, secret: string) =>
    [String(error), (error as Error).stack ?? '', JSON.stringify(error)].some((view) => view.includes(secret));

  it.each(CASES)('createWaldurClient: %s', (_name, token, tokenType, reason) => {
    let error: unknown;
    try {
      createWaldurClient({ baseUrl: BASE_URL, token, tokenType });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(WaldurInputError);
    expect(error).toMatchObject({ field: 'options.token' });
    expect((error as WaldurInputError).reason).toMatch(reason);
    expect((error as WaldurInputError).message).toBe(`options.token: ${(error as WaldurInputError).reason}`);
    expect(shows(error, 'SECRET')).toBe(false);
  });

  it.each(CASES)('a token provider answering it, at request time, before anything is sent: %s', async (_name, token, tokenType, reason) => {
    let sent = 0;
    const waldur = createWaldurClient({
      baseUrl: BASE_URL,
      token: async () => token,
      tokenType,
      fetch: async () => (sent++, Response.json(wireCredit())),
    });
    const error = await waldur.projectCredits.get(CREDIT_HEX).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(WaldurInputError);
    expect(error).toMatchObject({ field: 'token' });
    const expected = (error as WaldurInputError).reason;
    expect(expected.startsWith("the token provider's answer ")).toBe(true);
    expect(expected.slice("the token provider's answer ".length)).toMatch(reason);
    expect(shows(error, 'SECRET')).toBe(false);
    expect(sent).toBe(0);
  });

  it('a good token with the same characters around it is accepted as it is', async () => {
    const seen: (string | null)[] = [];
    const fetchSpy: typeof fetch = async (input, init) => (
      seen.push(new Request(input, init).headers.get('Authorization')),
      Response.json(wireCredit())
    );
    await createWaldurClient({ baseUrl: BASE_URL, token: 'Token-abc', fetch: fetchSpy }).projectCredits.get(CREDIT_HEX);
    await createWaldurClient({ baseUrl: BASE_URL, token: () => 'Bearer.x', tokenType: 'Bearer', fetch: fetchSpy }).projectCredits.get(CREDIT_HEX);
    expect(seen).toEqual(['Token Token-abc', 'Bearer Bearer.x']);
  });
});

describe('a query parameter given as an option says where it belongs', () => {
  type Call = (waldur: ReturnType<typeof createWaldurClient>, options: object) => Promise<unknown>;
  const METHODS: [string, string, Call][] = [
    ['count', 'count', (w, options) => w.projectCredits.count({}, options)],
    ['list, awaited', 'list', (w, options) => Promise.resolve(w.projectCredits.list({}, options as never))],
    [
      'list, iterated',
      'list',
      async (w, options) => {
        for await (const _credit of w.projectCredits.list({}, options)) continue;
      },
    ],
    ['listAll', 'listAll', (w, options) => w.projectCredits.listAll({}, options)],
  ];
  const PARAMETERS = ['page_size', 'page', 'o', 'customer_uuid', 'project_uuid', 'customer_name', 'customer_slug', 'project_name', 'query'];

  it.each(METHODS)('%s: every query parameter, before any request', async (_label, method, call) => {
    let sent = 0;
    const waldur = createWaldurClient({ baseUrl: BASE_URL, token: 't', fetch: async () => (sent++, Response.json([])) });
    for (const key of PARAMETERS) {
      const error = await call(waldur, { concurrency: 2, [key]: 10 }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error, key).toBeInstanceOf(WaldurInputError);
      expect(error).toMatchObject({
        field: `options.${key}`,
        reason: `is a query parameter, not an option: give it in the query, ${method}({ ${key} })`,
      });
    }
    expect(sent).toBe(0);
  });

  it('an option that is neither is still "not a request option", and a query parameter in the query works', async () => {
    const seen = recordRequests();
    server.use(http.get(`${BASE_URL}/api/project-credits/`, () => HttpResponse.json([wireCredit()], { headers: { 'X-Result-Count': '1' } })));
    const waldur = createWaldurClient({ baseUrl: BASE_URL, token: 't' });
    await expect(waldur.projectCredits.listAll({}, { pageSize: 10 } as never)).rejects.toMatchObject({
      field: 'options.pageSize',
      reason: 'is not a request option',
    });
    expect(seen).toHaveLength(0);
    await expect(waldur.projectCredits.listAll({ page_size: 10 }, { concurrency: 2 })).resolves.toHaveLength(1);
    expect(new URL(seen[0]!.url).searchParams.get('page_size')).toBe('10');
  });
});
