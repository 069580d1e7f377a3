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
