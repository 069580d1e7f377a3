/**
 * The generated layer (generated/, from openapi/project-credits.yaml) as the SDK runs it: each of
 * the seven generated request functions called with the SDK's own HTTP client
 * (src/core/transport/http-client.ts, the run-time half of the hey-api client plugin), through the
 * SDK's exchange, ky and fetch to MSW, which checks what arrives. And the generated zod schemas.
 */
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import {
  projectCreditsCount,
  projectCreditsCreate,
  projectCreditsDestroy,
  projectCreditsList,
  projectCreditsPartialUpdate,
  projectCreditsRetrieve,
  projectCreditsUpdate,
} from '../generated/sdk.gen.js';
import { zPatchedProjectCreditRequest, zProjectCreditRequest, zProjectCreditsListQuery, zProjectCreditsRetrievePath } from '../generated/zod.gen.js';
import { createWaldurClient, WaldurBadRequestError, WaldurNotFoundError, WaldurResponseError } from '../src/index.js';
import type { TransportSettings } from '../src/core/options.js';
import { createHttpClient } from '../src/core/transport/http-client.js';
import { BASE_URL, CREDIT_HEX, CREDIT_HYPHENATED, CUSTOMER_HEX, PROJECT_HEX, wireCredit } from './support/fixtures.js';
import { server } from './support/server.js';

const settings: TransportSettings = {
  baseUrl: BASE_URL,
  token: 'secret-key',
  tokenType: 'Token',
  headers: {},
  timeoutMs: 10_000,
  maxRetries: 0,
  retryBackoffMs: 1,
  maxResponseBytes: 1 << 20,
  fetch: undefined,
  hooks: {},
};
const client = createHttpClient(settings);

function record() {
  const seen: Request[] = [];
  return { seen, keep: (request: Request) => seen.push(request.clone()) };
}

describe("generated request functions on the SDK's HTTP client", () => {
  it("list sends the filters, `o` comma-joined (the document says explode: false) and paging, with the SDK's token", async () => {
    const { seen, keep } = record();
    server.use(
      http.get(`${BASE_URL}/api/project-credits/`, ({ request }) => {
        keep(request);
        return HttpResponse.json([wireCredit()], { headers: { 'X-Result-Count': '1' } });
      }),
    );
    const { body, response, request } = await projectCreditsList({
      client,
      query: { customer_uuid: CUSTOMER_HEX, o: ['-value', 'end_date'], page: 2, page_size: 50 },
    });
    expect(body).toEqual([wireCredit()]);
    expect(response.headers.get('X-Result-Count')).toBe('1');
    expect(seen[0]!.url).toBe(`${BASE_URL}/api/project-credits/?customer_uuid=${CUSTOMER_HEX}&o=-value,end_date&page=2&page_size=50`);
    expect(request).toEqual({ method: 'GET', url: seen[0]!.url });
    expect(seen[0]!.headers.get('Authorization')).toBe('Token secret-key');
  });

  it('count is a HEAD with the same filters, percent-encoded; the total is in X-Result-Count', async () => {
    const { seen, keep } = record();
    server.use(
      http.head(`${BASE_URL}/api/project-credits/`, ({ request }) => {
        keep(request);
        return new HttpResponse(null, { headers: { 'X-Result-Count': '1234' } });
      }),
    );
    const { body, response } = await projectCreditsCount({ client, query: { project_name: 'x y&z=1' } });
    expect(seen[0]!.method).toBe('HEAD');
    expect(new URL(seen[0]!.url).search).toBe('?project_name=x%20y%26z%3D1');
    expect(response.headers.get('X-Result-Count')).toBe('1234');
    expect(body).toBeUndefined();
  });

  it('retrieve fills the UUID into the path, hex or hyphenated, and percent-encodes a path parameter', async () => {
    const paths: string[] = [];
    server.use(
      http.get(`${BASE_URL}/api/project-credits/*`, ({ request }) => {
        paths.push(new URL(request.url).pathname);
        return HttpResponse.json(wireCredit());
      }),
    );
    const hex = await projectCreditsRetrieve({ client, path: { uuid: CREDIT_HEX } });
    await projectCreditsRetrieve({ client, path: { uuid: CREDIT_HYPHENATED } });
    await projectCreditsRetrieve({ client, path: { uuid: '../users' } });
    expect(hex.body).toEqual(wireCredit());
    expect(paths).toEqual([`/api/project-credits/${CREDIT_HEX}/`, `/api/project-credits/${CREDIT_HYPHENATED}/`, '/api/project-credits/..%2Fusers/']);
  });

  it('create POSTs the JSON body and answers 201 with the credit', async () => {
    const { seen, keep } = record();
    server.use(
      http.post(`${BASE_URL}/api/project-credits/`, ({ request }) => {
        keep(request);
        return HttpResponse.json(wireCredit({ value: '100.50000' }), { status: 201 });
      }),
    );
    const body = { project: `${BASE_URL}/api/projects/${PROJECT_HEX}/`, value: '100.5' };
    const answer = await projectCreditsCreate({ client, body });
    expect(answer.response.status).toBe(201);
    expect((answer.body as { value: string }).value).toBe('100.50000');
    expect(await seen[0]!.json()).toEqual(body);
    expect(seen[0]!.headers.get('Content-Type')).toBe('application/json');
  });

  it('update PUTs the whole body', async () => {
    const { seen, keep } = record();
    server.use(
      http.put(`${BASE_URL}/api/project-credits/:uuid/`, ({ request }) => {
        keep(request);
        return HttpResponse.json(wireCredit({ end_date: null }));
      }),
    );
    const body = { project: `${BASE_URL}/api/projects/${PROJECT_HEX}/`, value: '7', end_date: null };
    const answer = await projectCreditsUpdate({ client, path: { uuid: CREDIT_HEX }, body });
    expect((answer.body as { end_date: unknown }).end_date).toBeNull();
    expect(seen[0]!.method).toBe('PUT');
    expect(await seen[0]!.json()).toEqual(body);
  });

  it("partial update PATCHes only the fields given, with the call's own headers", async () => {
    const { seen, keep } = record();
    server.use(
      http.patch(`${BASE_URL}/api/project-credits/:uuid/`, ({ request }) => {
        keep(request);
        return HttpResponse.json(wireCredit({ grace_coefficient: '5.00000' }));
      }),
    );
    const answer = await projectCreditsPartialUpdate({
      client,
      path: { uuid: CREDIT_HEX },
      body: { grace_coefficient: '5' },
      headers: { 'X-Request-Id': 'r-1' },
    });
    expect((answer.body as { grace_coefficient: string }).grace_coefficient).toBe('5.00000');
    expect(await seen[0]!.json()).toEqual({ grace_coefficient: '5' });
    expect(seen[0]!.headers.get('X-Request-Id')).toBe('r-1');
    expect(seen[0]!.headers.get('Content-Type')).toBe('application/json');
  });

  it('destroy DELETEs and reads the empty 204', async () => {
    const { seen, keep } = record();
    server.use(
      http.delete(`${BASE_URL}/api/project-credits/:uuid/`, ({ request }) => {
        keep(request);
        return new HttpResponse(null, { status: 204 });
      }),
    );
    const answer = await projectCreditsDestroy({ client, path: { uuid: CREDIT_HEX } });
    expect(answer.response.status).toBe(204);
    expect(answer.body).toBeUndefined();
    expect(new URL(seen[0]!.url).pathname).toBe(`/api/project-credits/${CREDIT_HEX}/`);
  });

  it("an HTTP error is the SDK's typed error, with the DRF body read", async () => {
    server.use(
      http.get(`${BASE_URL}/api/project-credits/:uuid/`, () => HttpResponse.json({ detail: 'Not found.' }, { status: 404 })),
      http.post(`${BASE_URL}/api/project-credits/`, () => HttpResponse.json({ value: ['Too many digits.'] }, { status: 400 })),
    );
    const missing = await projectCreditsRetrieve({ client, path: { uuid: CREDIT_HEX } }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(WaldurNotFoundError);
    expect((missing as WaldurNotFoundError).detail).toBe('Not found.');
    expect((missing as WaldurNotFoundError).url).toBe(`${BASE_URL}/api/project-credits/${CREDIT_HEX}/`);
    const refused = await projectCreditsCreate({ client, body: { project: 'p', value: '1' } }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(WaldurBadRequestError);
    expect((refused as WaldurBadRequestError).fieldErrors).toEqual({ value: ['Too many digits.'] });
  });

  it("the call's options reach the exchange: its retries and an abort before sending", async () => {
    let requests = 0;
    server.use(
      http.get(`${BASE_URL}/api/project-credits/:uuid/`, () =>
        ++requests === 1 ? HttpResponse.json({ detail: 'busy' }, { status: 503 }) : HttpResponse.json(wireCredit()),
      ),
    );
    const answer = await projectCreditsRetrieve({ client, path: { uuid: CREDIT_HEX }, maxRetries: 1 });
    expect(answer.body).toEqual(wireCredit());
    expect(requests).toBe(2);
    const aborted = projectCreditsRetrieve({ client, path: { uuid: CREDIT_HEX }, signal: AbortSignal.abort(new Error('stop')) });
    await expect(aborted).rejects.toThrow('was aborted: stop');
    expect(requests).toBe(2);
  });
});

describe("the SDK's HTTP client: query serialization as the generated functions ask for it", () => {
  const urls: string[] = [];
  const answer = () =>
    server.use(
      http.get(`${BASE_URL}/api/project-credits/`, ({ request }) => {
        urls.push(new URL(request.url).search);
        return HttpResponse.json([]);
      }),
    );

  it('a list is comma-joined when its parameter says explode: false, else its name is repeated; undefined values are left out', async () => {
    answer();
    urls.length = 0;
    const query = { o: ['-value', 'end_date'], tag: ['a b', 'c'], page: 1, none: undefined };
    await client.get({ url: '/api/project-credits/', query, querySerializer: { parameters: { o: { array: { explode: false } } } } });
    await client.get({ url: '/api/project-credits/', query });
    expect(urls).toEqual(['?o=-value,end_date&tag=a%20b&tag=c&page=1', '?o=-value&o=end_date&tag=a%20b&tag=c&page=1']);
  });

  it('a client given its own send answers what a generated function would send, and sends nothing', async () => {
    const planned: unknown[] = [];
    const dry = createHttpClient(settings, async (_, request) => {
      planned.push(request);
      return { body: undefined, response: new Response(null), request, redact: (text) => text };
    });
    await projectCreditsPartialUpdate({ client: dry, path: { uuid: CREDIT_HEX }, body: { value: '1' } });
    await projectCreditsList({ client: dry, query: { page: 3, o: ['value'] } });
    expect(planned).toEqual([
      { method: 'PATCH', url: `${BASE_URL}/api/project-credits/${CREDIT_HEX}/`, body: { value: '1' } },
      { method: 'GET', url: `${BASE_URL}/api/project-credits/?page=3&o=value`, body: undefined },
    ]);
  });
});

describe('the resource on the generated functions', () => {
  it("a walk's error about a page it did not keep names that page's request as the generated function sends it", async () => {
    const urls: string[] = [];
    const same = Array.from({ length: 10 }, (_, i) => wireCredit({ uuid: (i + 1).toString(16).padStart(32, '0') }));
    server.use(
      http.get(`${BASE_URL}/api/project-credits/`, ({ request }) => {
        urls.push(request.url);
        return HttpResponse.json(same, { headers: { 'X-Result-Count': '1000' } });
      }),
    );
    const waldur = createWaldurClient({ baseUrl: BASE_URL, token: 'secret-key', maxRetries: 0 });
    const error = await waldur.projectCredits.listAll({ o: ['-value', 'end_date'], page_size: 10 }, { concurrency: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaldurResponseError);
    const { url } = error as WaldurResponseError;
    expect(url).toBe(`${BASE_URL}/api/project-credits/?o=-value,end_date&page=${new URL(url).searchParams.get('page')}&page_size=10`);
    expect(urls).toContain(url);
  });
});

describe("generated zod schemas (the document's rules; src/ is tested to conform to them)", () => {
  it('path UUIDs: 32 hex digits or hyphenated, nothing else', () => {
    expect(zProjectCreditsRetrievePath.safeParse({ uuid: CREDIT_HEX }).success).toBe(true);
    expect(zProjectCreditsRetrievePath.safeParse({ uuid: CREDIT_HYPHENATED }).success).toBe(true);
    for (const bad of ['../users', `${CREDIT_HEX}0`, '', 'zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz']) {
      expect(zProjectCreditsRetrievePath.safeParse({ uuid: bad }).success).toBe(false);
    }
  });

  it('request bodies: money limits, required project, no unknown ordering', () => {
    const project = `${BASE_URL}/api/projects/${PROJECT_HEX}/`;
    expect(zProjectCreditRequest.safeParse({ project, value: '100.5' }).success).toBe(true);
    expect(zProjectCreditRequest.safeParse({ project, value: '1.123456' }).success).toBe(false);
    expect(zProjectCreditRequest.safeParse({ project, value: '123456789012' }).success).toBe(false);
    expect(zProjectCreditRequest.safeParse({ value: '1' }).success).toBe(false);
    expect(zPatchedProjectCreditRequest.safeParse({ grace_coefficient: '5' }).success).toBe(true);
    expect(zPatchedProjectCreditRequest.safeParse({ grace_coefficient: '5.5' }).success).toBe(false);
    expect(zProjectCreditsListQuery.safeParse({ o: ['-value', 'end_date'] }).success).toBe(true);
    expect(zProjectCreditsListQuery.safeParse({ o: ['-uuid'] }).success).toBe(false);
  });
});
