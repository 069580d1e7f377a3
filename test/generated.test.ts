/**
 * The generated layer (generated/, from openapi/project-credits.yaml) against real HTTP semantics:
 * each of the seven operations goes through ky and fetch to MSW, which checks what arrives.
 */
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { createClient, createConfig } from '../generated/client/index.js';
import {
  projectCreditsCount,
  projectCreditsCreate,
  projectCreditsDestroy,
  projectCreditsList,
  projectCreditsPartialUpdate,
  projectCreditsRetrieve,
  projectCreditsUpdate,
} from '../generated/sdk.gen.js';
import {
  zPatchedProjectCreditRequest,
  zProjectCreditRequest,
  zProjectCreditsListQuery,
  zProjectCreditsRetrievePath,
} from '../generated/zod.gen.js';
import { BASE_URL, CREDIT_HEX, CREDIT_HYPHENATED, CUSTOMER_HEX, PROJECT_HEX, wireCredit } from './support/fixtures.js';
import { server } from './support/server.js';

const client = createClient(
  createConfig({
    baseUrl: BASE_URL,
    auth: (scheme) => (scheme.type === 'apiKey' ? 'Token secret-key' : undefined),
    kyOptions: { retry: 0 },
  }),
);

function record() {
  const seen: Request[] = [];
  return { seen, keep: (request: Request) => seen.push(request.clone()) };
}

describe('generated SDK functions', () => {
  it('list sends filters, `o` comma-joined and paging, and returns the array', async () => {
    const { seen, keep } = record();
    server.use(
      http.get(`${BASE_URL}/api/project-credits/`, ({ request }) => {
        keep(request);
        return HttpResponse.json([wireCredit()], { headers: { 'X-Result-Count': '1' } });
      }),
    );
    const { data, response } = await projectCreditsList({
      client,
      query: { customer_uuid: CUSTOMER_HEX, o: ['-value', 'end_date'], page: 2, page_size: 50 },
    });
    expect(data).toEqual([wireCredit()]);
    expect(response.headers.get('X-Result-Count')).toBe('1');
    const url = new URL(seen[0]!.url);
    expect(url.searchParams.get('o')).toBe('-value,end_date');
    expect(url.searchParams.get('customer_uuid')).toBe(CUSTOMER_HEX);
    expect(url.searchParams.get('page')).toBe('2');
    expect(url.searchParams.get('page_size')).toBe('50');
    expect(seen[0]!.headers.get('Authorization')).toBe('Token secret-key');
  });

  it('count is a HEAD with the same filters; the total is in X-Result-Count', async () => {
    const { seen, keep } = record();
    server.use(
      http.head(`${BASE_URL}/api/project-credits/`, ({ request }) => {
        keep(request);
        return new HttpResponse(null, { headers: { 'X-Result-Count': '1234' } });
      }),
    );
    const { response } = await projectCreditsCount({ client, query: { project_name: 'x y' } });
    expect(seen[0]!.method).toBe('HEAD');
    expect(new URL(seen[0]!.url).searchParams.get('project_name')).toBe('x y');
    expect(response.headers.get('X-Result-Count')).toBe('1234');
  });

  it('retrieve puts the UUID in the path, hex or hyphenated', async () => {
    const paths: string[] = [];
    server.use(
      http.get(`${BASE_URL}/api/project-credits/:uuid/`, ({ params }) => {
        paths.push(String(params.uuid));
        return HttpResponse.json(wireCredit());
      }),
    );
    const hex = await projectCreditsRetrieve({ client, path: { uuid: CREDIT_HEX } });
    await projectCreditsRetrieve({ client, path: { uuid: CREDIT_HYPHENATED } });
    expect(hex.data).toEqual(wireCredit());
    expect(paths).toEqual([CREDIT_HEX, CREDIT_HYPHENATED]);
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
    const { data, response } = await projectCreditsCreate({ client, body });
    expect(response.status).toBe(201);
    expect(data?.value).toBe('100.50000');
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
    const { data } = await projectCreditsUpdate({ client, path: { uuid: CREDIT_HEX }, body });
    expect(data?.end_date).toBeNull();
    expect(seen[0]!.method).toBe('PUT');
    expect(await seen[0]!.json()).toEqual(body);
  });

  it('partial update PATCHes only the fields given', async () => {
    const { seen, keep } = record();
    server.use(
      http.patch(`${BASE_URL}/api/project-credits/:uuid/`, ({ request }) => {
        keep(request);
        return HttpResponse.json(wireCredit({ grace_coefficient: '5.00000' }));
      }),
    );
    const { data } = await projectCreditsPartialUpdate({
      client,
      path: { uuid: CREDIT_HEX },
      body: { grace_coefficient: '5' },
    });
    expect(data?.grace_coefficient).toBe('5.00000');
    expect(await seen[0]!.json()).toEqual({ grace_coefficient: '5' });
  });

  it('destroy DELETEs and reads the empty 204', async () => {
    const { seen, keep } = record();
    server.use(
      http.delete(`${BASE_URL}/api/project-credits/:uuid/`, ({ request }) => {
        keep(request);
        return new HttpResponse(null, { status: 204 });
      }),
    );
    const { response } = await projectCreditsDestroy({ client, path: { uuid: CREDIT_HEX } });
    expect(response.status).toBe(204);
    expect(new URL(seen[0]!.url).pathname).toBe(`/api/project-credits/${CREDIT_HEX}/`);
  });

  it('an HTTP error comes back as { error, response } with the DRF body', async () => {
    server.use(
      http.get(`${BASE_URL}/api/project-credits/:uuid/`, () =>
        HttpResponse.json({ detail: 'Not found.' }, { status: 404 }),
      ),
    );
    const { error, response } = await projectCreditsRetrieve({ client, path: { uuid: CREDIT_HEX } });
    expect(response.status).toBe(404);
    expect(error).toEqual({ detail: 'Not found.' });
  });
});

describe('generated zod schemas (the document\'s rules; src/ is tested to conform to them)', () => {
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
