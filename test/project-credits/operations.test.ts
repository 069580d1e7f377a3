/** Each method of `waldur.projectCredits`: what goes on the wire and what comes back. */
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { createWaldurClient, Decimal, WaldurInputError, WaldurResponseError } from '../../src/index.js';
import { BASE_URL, CREDIT_HEX, CREDIT_HYPHENATED, CUSTOMER_HYPHENATED, PROJECT_HEX, PROJECT_HYPHENATED, wireCredit } from '../support/fixtures.js';
import { recordRequests } from '../support/record.js';
import { server } from '../support/server.js';

const waldur = createWaldurClient({ baseUrl: `${BASE_URL}/`, token: 'op-token' });
/** What the SDK sends for a project: its URL with the canonical hyphenated UUID, as the published document has it. */
const PROJECT_URL = `${BASE_URL}/api/projects/${PROJECT_HYPHENATED}/`;

describe('get', () => {
  it("sends the canonical hyphenated lowercase UUID (the published document's format: uuid), whatever form it was given in", async () => {
    const seen = recordRequests();
    server.use(http.get(`${BASE_URL}/api/project-credits/:uuid/`, () => HttpResponse.json(wireCredit())));
    await waldur.projectCredits.get(CREDIT_HYPHENATED.toUpperCase());
    await waldur.projectCredits.get(CREDIT_HEX);
    const path = `/api/project-credits/${CREDIT_HYPHENATED}/`;
    expect(seen.map((s) => s.url.pathname)).toEqual([path, path]);
    expect(seen[0]!.headers.get('Authorization')).toBe('Token op-token');
  });

  it("accepts a credit's url (as the server renders it, hex or hyphenated, with or without the trailing slash)", async () => {
    const seen = recordRequests();
    server.use(http.get(`${BASE_URL}/api/project-credits/:uuid/`, () => HttpResponse.json(wireCredit())));
    const credit = await waldur.projectCredits.get(`${BASE_URL}/api/project-credits/${CREDIT_HEX}/`);
    await waldur.projectCredits.get(credit.url);
    await waldur.projectCredits.get(`${BASE_URL}/api/project-credits/${CREDIT_HYPHENATED.toUpperCase()}`);
    expect(seen.map((s) => s.url.pathname)).toEqual(Array(3).fill(`/api/project-credits/${CREDIT_HYPHENATED}/`));
  });

  it.each([
    [`https://evil.test/api/project-credits/${CREDIT_HEX}/`, /is a URL on https:\/\/evil\.test, not on this client's https:\/\/waldur\.test/],
    [`http://waldur.test/api/project-credits/${CREDIT_HEX}/`, /not on this client's/],
    [`${BASE_URL}/api/projects/${CREDIT_HEX}/`, /its URL https:\/\/waldur\.test\/api\/project-credits\/\{uuid\}\//],
    [`${BASE_URL}/api/project-credits/${CREDIT_HEX}/?x=1`, /its URL/],
    [`${BASE_URL}/api/project-credits/${CREDIT_HEX}/extra/`, /its URL/],
  ])('refuses the credit URL %s before any request', async (url, message) => {
    const seen = recordRequests();
    const error = await waldur.projectCredits.delete(url).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaldurInputError);
    expect((error as WaldurInputError).message).toMatch(message);
    expect(seen).toHaveLength(0);
  });

  it.each(['', 'abc', '../../users/', `${CREDIT_HEX}/../x`, `${CREDIT_HEX}0`, 42, null])(
    'refuses the path argument %j before any request',
    async (bad) => {
      const seen = recordRequests();
      const error = await waldur.projectCredits.get(bad as string).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WaldurInputError);
      expect((error as WaldurInputError).field).toBe('uuid');
      expect(seen).toHaveLength(0);
    },
  );
});

describe('count', () => {
  it('sends a HEAD with the filters and answers X-Result-Count as a number', async () => {
    const seen = recordRequests();
    server.use(http.head(`${BASE_URL}/api/project-credits/`, () => new HttpResponse(null, { headers: { 'X-Result-Count': '4321' } })));
    const n = await waldur.projectCredits.count({ customer_uuid: 'A9B8C7D6-E5F4-4321-B0A9-F8E7D6C5B4A3', o: '-value' });
    expect(n).toBe(4321);
    expect(seen[0]!.method).toBe('HEAD');
    expect(seen[0]!.url.searchParams.get('customer_uuid')).toBe(CUSTOMER_HYPHENATED);
    expect(seen[0]!.url.searchParams.get('o')).toBe('-value');
  });

  it('explains a missing X-Result-Count (hidden by CORS) with a WaldurResponseError', async () => {
    server.use(http.head(`${BASE_URL}/api/project-credits/`, () => new HttpResponse(null)));
    await expect(waldur.projectCredits.count()).rejects.toThrow(/Access-Control-Expose-Headers/);
    await expect(waldur.projectCredits.count()).rejects.toBeInstanceOf(WaldurResponseError);
  });
});

describe('list', () => {
  it('sends filters, ordering comma-joined and paging; answers items, total, page and pageSize', async () => {
    const seen = recordRequests();
    server.use(
      http.get(`${BASE_URL}/api/project-credits/`, () =>
        HttpResponse.json([wireCredit(), wireCredit({ uuid: PROJECT_HEX, value: '2.5' })], { headers: { 'X-Result-Count': '52' } }),
      ),
    );
    const page = await waldur.projectCredits.list({ project_name: 'Genome assembly', o: ['-value', 'end_date'], page: 2, page_size: 50 });
    expect(page.items.map((c) => c.uuid)).toEqual([CREDIT_HYPHENATED, PROJECT_HYPHENATED]);
    expect(page.items[1]!.value.toFixed()).toBe('2.5');
    expect(page.total).toBe(52);
    expect(page.page).toBe(2);
    expect(page.pageSize).toBe(50);
    const q = seen[0]!.url.searchParams;
    expect([q.get('project_name'), q.get('o'), q.get('page'), q.get('page_size')]).toEqual(['Genome assembly', '-value,end_date', '2', '50']);
  });

  it('answers total null when the server hides X-Result-Count', async () => {
    server.use(http.get(`${BASE_URL}/api/project-credits/`, () => HttpResponse.json([])));
    expect(await waldur.projectCredits.list()).toMatchObject({ items: [], total: null, page: 1, pageSize: 100 });
  });

  it('refuses a body that is not a list', async () => {
    server.use(http.get(`${BASE_URL}/api/project-credits/`, () => HttpResponse.json({ results: [] })));
    await expect(waldur.projectCredits.list()).rejects.toThrow(/not a list/);
  });

  it('names the position of a bad item', async () => {
    server.use(http.get(`${BASE_URL}/api/project-credits/`, () => HttpResponse.json([wireCredit(), wireCredit({ value: 'x' })])));
    await expect(waldur.projectCredits.list()).rejects.toThrow(/items\.1\.value/);
  });

  it.each([
    [{ page: 0 }, 'page'],
    [{ page: 1.5 }, 'page'],
    [{ page_size: -1 }, 'page_size'],
    [{ page_size: '50' }, 'page_size'],
    [{ o: 'value,end_date' }, 'o'],
    [{ o: ['-uuid'] }, 'o'],
    [{ customer_uuid: 'not-a-uuid' }, 'customer_uuid'],
    [{ project_name: 7 }, 'project_name'],
    [{ projectName: 'x' }, 'projectName'],
  ])('refuses the filter %j before any request', async (query, field) => {
    const seen = recordRequests();
    const error = await waldur.projectCredits.list(query as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaldurInputError);
    expect((error as WaldurInputError).field).toBe(field);
    expect(seen).toHaveLength(0);
  });
});

describe('create', () => {
  it('sends decimals as plain strings and the project as its URL, and reads the 201', async () => {
    const seen = recordRequests();
    server.use(http.post(`${BASE_URL}/api/project-credits/`, () => HttpResponse.json(wireCredit({ value: '100.50000' }), { status: 201 })));
    const made = await waldur.projectCredits.create({
      project: PROJECT_HYPHENATED,
      value: '100.5',
      expected_consumption: new Decimal('1e-5'),
      grace_coefficient: 10,
      end_date: '2028-02-29',
      minimal_consumption_logic: 'fixed',
      apply_as_minimal_consumption: false,
    });
    expect(made.value.equals('100.5')).toBe(true);
    expect(await seen[0]!.body).toEqual({
      project: PROJECT_URL,
      value: '100.5',
      expected_consumption: '0.00001',
      grace_coefficient: '10',
      end_date: '2028-02-29',
      minimal_consumption_logic: 'fixed',
      apply_as_minimal_consumption: false,
    });
  });

  it('accepts the project as a URL, also one a proxy rendered with another host, and sends it for baseUrl', async () => {
    const seen = recordRequests();
    server.use(http.post(`${BASE_URL}/api/project-credits/`, () => HttpResponse.json(wireCredit(), { status: 201 })));
    await waldur.projectCredits.create({ project: `http://internal:8000/api/projects/${PROJECT_HYPHENATED}/` });
    expect(await seen[0]!.body).toEqual({ project: PROJECT_URL });
  });

  it('requires project', async () => {
    const seen = recordRequests();
    await expect(waldur.projectCredits.create({ value: 1 } as never)).rejects.toMatchObject({ field: 'project' });
    expect(seen).toHaveLength(0);
  });
});

describe('update (PUT)', () => {
  it('sends the writable fields and ignores read-only ones, so a read credit can be sent back', async () => {
    const seen = recordRequests();
    server.use(
      http.get(`${BASE_URL}/api/project-credits/:uuid/`, () => HttpResponse.json(wireCredit())),
      http.put(`${BASE_URL}/api/project-credits/:uuid/`, () => HttpResponse.json(wireCredit({ value: '2000.00000' }))),
    );
    const credit = await waldur.projectCredits.get(CREDIT_HEX);
    const updated = await waldur.projectCredits.update(credit.uuid, {
      ...credit,
      value: credit.value.plus(500),
      minimal_consumption_logic: 'linear',
    });
    expect(updated.value.toFixed()).toBe('2000');
    expect(seen[1]!.method).toBe('PUT');
    expect(seen[1]!.url.pathname).toBe(`/api/project-credits/${CREDIT_HYPHENATED}/`);
    expect(await seen[1]!.body).toEqual({
      value: '2000',
      project: PROJECT_URL,
      end_date: '2027-06-30',
      expected_consumption: '250',
      minimal_consumption_logic: 'linear',
      grace_coefficient: '10',
      apply_as_minimal_consumption: true,
      mark_unused_credit_as_spent_on_project_termination: false,
    });
  });
});

describe('patch', () => {
  it('sends only the fields given (undefined means not given, null end_date means none)', async () => {
    const seen = recordRequests();
    server.use(http.patch(`${BASE_URL}/api/project-credits/:uuid/`, () => HttpResponse.json(wireCredit({ value: '42.00000' }))));
    const patched = await waldur.projectCredits.patch(CREDIT_HYPHENATED, { value: new Decimal('42'), end_date: null, grace_coefficient: undefined });
    expect(patched.value.toFixed()).toBe('42');
    expect(await seen[0]!.body).toEqual({ value: '42', end_date: null });
  });
});

describe('delete', () => {
  it('sends DELETE and resolves on 204', async () => {
    const seen = recordRequests();
    server.use(http.delete(`${BASE_URL}/api/project-credits/:uuid/`, () => new HttpResponse(null, { status: 204 })));
    await expect(waldur.projectCredits.delete(CREDIT_HEX)).resolves.toBeUndefined();
    expect(seen[0]!.method).toBe('DELETE');
  });
});

describe('input that the server could not store exactly is refused before any request', () => {
  it.each([
    [{ value: '1.123456' }, 'value', /6 decimal places.*refusing to round/],
    [{ value: 0.1 + 0.2 }, 'value', /17 decimal places/],
    [{ value: '123456789012' }, 'value', /more than 11 digits/],
    [{ value: 1e21 }, 'value', /more than 11 digits/],
    [{ value: Number.NaN }, 'value', /finite/],
    [{ value: Number.POSITIVE_INFINITY }, 'value', /finite/],
    [{ value: new Decimal(Number.NaN) }, 'value', /finite/],
    [{ value: 'abc' }, 'value', /plain decimal string/],
    [{ value: '1e3' }, 'value', /plain decimal string/],
    [{ value: ' 1' }, 'value', /plain decimal string/],
    [{ value: '-5' }, 'value', /negative/],
    [{ value: null }, 'value', /got null/],
    [{ grace_coefficient: '1.5' }, 'grace_coefficient', /whole number/],
    [{ grace_coefficient: 1000 }, 'grace_coefficient', /more than 3 digits/],
    [{ grace_coefficient: -1 }, 'grace_coefficient', /negative/],
    [{ expected_consumption: '1.000001' }, 'expected_consumption', /decimal places/],
    [{ end_date: '2027-02-29' }, 'end_date', /calendar date/],
    [{ end_date: '2027-13-01' }, 'end_date', /calendar date/],
    [{ end_date: '27-01-01' }, 'end_date', /calendar date/],
    [{ end_date: new Date() }, 'end_date', /calendar date/],
    [{ minimal_consumption_logic: 'stepwise' }, 'minimal_consumption_logic', /fixed.*linear/],
    [{ apply_as_minimal_consumption: 'true' }, 'apply_as_minimal_consumption', /true or false/],
    [{ project: 'https://evil.example/x' }, 'project', /project UUID or a URL/],
    [{ project: `${BASE_URL}/api/projects/${PROJECT_HEX}/?next=x` }, 'project', /project UUID or a URL/],
    [{ project: `ftp://x/api/projects/${PROJECT_HEX}/` }, 'project', /project UUID or a URL/],
    [{ vaule: '1' }, 'vaule', /not a writable field/],
  ])('patch %j → %s', async (input, field, reason) => {
    const seen = recordRequests();
    const error = await waldur.projectCredits.patch(CREDIT_HEX, input as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaldurInputError);
    expect((error as WaldurInputError).field).toBe(field);
    expect((error as WaldurInputError).reason).toMatch(reason);
    expect(seen).toHaveLength(0);
  });

  it.each([null, 'value=1', [1], new Decimal(1)])('refuses %j as the input object', async (input) => {
    await expect(waldur.projectCredits.patch(CREDIT_HEX, input as never)).rejects.toMatchObject({ field: 'input' });
  });
});
