/** The fake Waldur (`waldur-project-credits/testing`) behaves like the server, and the SDK works against it. */
import { describe, expect, it } from 'vitest';
import {
  createWaldurClient,
  Decimal,
  WaldurAuthenticationError,
  WaldurBadRequestError,
  WaldurNetworkError,
  WaldurNotFoundError,
  WaldurPermissionDeniedError,
} from '../../src/index.js';
import { createFakeWaldur } from '../../src/testing/index.js';
import { mswHandlers } from '../../src/testing/msw.js';
import type { FakeWaldur } from '../../src/testing/index.js';
import { server } from '../support/server.js';

function setup(options: Parameters<typeof createFakeWaldur>[0] = {}) {
  const fake = createFakeWaldur({ credits: 250, ...options });
  const waldur = createWaldurClient({ baseUrl: fake.baseUrl, token: 'test', fetch: fake.fetch, retryBackoffMs: 1 });
  return { fake, waldur };
}

/** A raw request to the fake, as an app without this SDK would send it. */
async function call(fake: FakeWaldur, method: string, path: string, options: { token?: string | null; body?: unknown } = {}) {
  const headers: Record<string, string> = {};
  if (options.token !== null) headers.Authorization = `Token ${options.token ?? 'test'}`;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fake.fetch(`${fake.baseUrl}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, body: text ? (JSON.parse(text) as unknown) : undefined };
}

describe('reading', () => {
  it('counts, pages and walks the generated credits as the server renders them', async () => {
    const { fake, waldur } = setup();
    expect(fake.baseUrl).toBe('https://waldur.test');
    expect(fake.profile).toBe('current');
    expect(await waldur.projectCredits.count()).toBe(250);
    const page = await waldur.projectCredits.list({ page_size: 40 });
    expect(page).toMatchObject({ total: 250, pageSize: 40, lastPage: 7 });
    const all = await waldur.projectCredits.listAll({ page_size: 40 });
    expect(all.map((c) => c.uuid.replaceAll('-', ''))).toEqual(fake.credits.map((c) => c.uuid));
    expect(fake.credits[0]!.uuid).toMatch(/^[0-9a-f]{32}$/);
    expect(fake.credits[0]!.value).toMatch(/^\d+\.\d{5}$/);
    expect(all[0]!.value.equals(fake.credits[0]!.value)).toBe(true);
  });

  it('is deterministic for a seed', () => {
    expect(createFakeWaldur({ credits: 5, seed: 7 }).credits).toEqual(createFakeWaldur({ credits: 5, seed: 7 }).credits);
    expect(createFakeWaldur({ credits: 5, seed: 7 }).credits).not.toEqual(createFakeWaldur({ credits: 5, seed: 8 }).credits);
  });

  it('orders by o, comma-joined, and filters', async () => {
    const { fake, waldur } = setup();
    const top = await waldur.projectCredits.list({ o: ['-value'], page_size: 5 });
    const expected = [...fake.credits].sort((a, b) => Number(b.value) - Number(a.value)).slice(0, 5);
    expect(top.items.map((c) => c.value.toFixed(5))).toEqual(expected.map((c) => c.value));
    const ut = await waldur.projectCredits.listAll({ customer_slug: 'ut' });
    expect(ut.length).toBe(fake.credits.filter((c) => c.customer_slug === 'ut').length);
    expect(ut.every((c) => c.customer_name === 'University of Tartu')).toBe(true);
    const byUuid = await waldur.projectCredits.count({ customer_uuid: 'a9b8c7d6-e5f4-4321-b0a9-f8e7d6c5b4a3' });
    expect(byUuid).toBe(ut.length);
    const named = await waldur.projectCredits.listAll({ query: 'climate' });
    expect(named.length).toBeGreaterThan(0);
    expect(named.every((c) => /climate/i.test(c.project_name))).toBe(true);
    // The query filter also matches the organization's slug (model: filter_query).
    expect(await waldur.projectCredits.count({ query: 'taltech' })).toBe(fake.credits.filter((c) => c.customer_slug === 'taltech').length);
  });

  it('caps page_size at 300 and answers 404 Invalid page past the end', async () => {
    const { fake, waldur } = setup({ credits: 700 });
    // The SDK refuses page_size over 300, so the fake's own cap is checked over raw HTTP.
    const raw = await fake.fetch(`${fake.baseUrl}/api/project-credits/?page_size=1000`, { headers: { Authorization: 'Token test' } });
    expect(((await raw.json()) as unknown[]).length).toBe(300);
    expect(await waldur.projectCredits.listAll({ page_size: 300 })).toHaveLength(700);
    await expect(waldur.projectCredits.list({ page: 9, page_size: 100 })).rejects.toMatchObject({ status: 404, detail: 'Invalid page.' });
  });

  it('hides organization-level fields when asked (every token), and walks without headers', async () => {
    const { fake, waldur } = setup({ hideOrganizationFields: true, countHeader: false, linkHeader: false });
    const credit = (await waldur.projectCredits.list({ page_size: 1 })).items[0]!;
    expect('customer_credit' in credit).toBe(false);
    expect('allocated_customer_credit' in credit).toBe(false);
    expect('offerings' in credit).toBe(false);
    expect(credit.value).toBeInstanceOf(Decimal);
    expect(await waldur.projectCredits.listAll({ page_size: 100 })).toHaveLength(250);
    fake.hideOrganizationFields = false;
    expect('customer_credit' in (await waldur.projectCredits.get(credit.uuid))).toBe(true);
  });

  it('answers 401 without the right token, as DRF words it, with WWW-Authenticate', async () => {
    const { fake } = setup();
    const intruder = createWaldurClient({ baseUrl: fake.baseUrl, token: 'wrong', fetch: fake.fetch });
    await expect(intruder.projectCredits.count()).rejects.toBeInstanceOf(WaldurAuthenticationError);
    const bearer = createWaldurClient({ baseUrl: fake.baseUrl, token: 'test', tokenType: 'Bearer', fetch: fake.fetch });
    expect(await bearer.projectCredits.count()).toBe(250);
    // capture: GET 401 (wrong token), GET 401 (no token)
    const wrong = await call(fake, 'GET', '/api/project-credits/', { token: 'nope' });
    expect([wrong.status, wrong.body, wrong.headers.get('WWW-Authenticate')]).toEqual([401, { detail: 'Invalid token.' }, 'Token']);
    const none = await call(fake, 'GET', '/api/project-credits/', { token: null });
    expect(none.body).toEqual({ detail: 'Authentication credentials were not provided.' });
    expect(none.headers.get('Allow')).toBe('GET, POST, HEAD, OPTIONS');
    const spaced = await fake.fetch(`${fake.baseUrl}/api/project-credits/`, { headers: { Authorization: 'token test extra' } });
    expect(await spaced.json()).toEqual({ detail: 'Invalid token header. Token string should not contain spaces.' });
  });

  it('fake.fetch serves only its own origin', async () => {
    const { fake } = setup();
    const lost = createWaldurClient({ baseUrl: 'https://elsewhere.test', token: 'test', fetch: fake.fetch, maxRetries: 0 });
    await expect(lost.projectCredits.count()).rejects.toBeInstanceOf(WaldurNetworkError);
  });
});

describe('filters and ordering are validated as django-filter does', () => {
  it('an unknown o value is a 400 naming the first bad value (was: ignored)', async () => {
    const { fake } = setup({ credits: 3 });
    const colour = await call(fake, 'GET', '/api/project-credits/?o=colour');
    expect([colour.status, colour.body]).toEqual([400, { o: ['Select a valid choice. colour is not one of the available choices.'] }]);
    const several = await call(fake, 'GET', '/api/project-credits/?o=-value,colour,-size');
    expect(several.body).toEqual({ o: ['Select a valid choice. colour is not one of the available choices.'] });
    expect((await call(fake, 'GET', '/api/project-credits/?o=-value,project_name')).status).toBe(200);
    // A repeated parameter counts by its last value, as Django's QueryDict.get.
    expect((await call(fake, 'GET', '/api/project-credits/?o=colour&o=value')).status).toBe(200);
  });

  it('an invalid UUID filter is a 400 (was: an empty 200); hex and hyphenated UUIDs of any case filter alike', async () => {
    const { fake, waldur } = setup({ credits: 40 });
    const bad = await call(fake, 'GET', '/api/project-credits/?project_uuid=not-a-uuid');
    expect([bad.status, bad.body]).toEqual([400, { project_uuid: ['Enter a valid UUID.'] }]);
    // capture: HEAD project_uuid=not-a-uuid — a 400 without a body.
    const head = await call(fake, 'HEAD', '/api/project-credits/?project_uuid=not-a-uuid');
    expect([head.status, head.text]).toEqual([400, '']);
    const both = await call(fake, 'GET', '/api/project-credits/?customer_uuid=123&project_uuid=xyz&o=size');
    expect(both.body).toEqual({
      project_uuid: ['Enter a valid UUID.'],
      customer_uuid: ['Enter a valid UUID.'],
      o: ['Select a valid choice. size is not one of the available choices.'],
    });
    const ut = fake.credits.filter((c) => c.customer_uuid === 'a9b8c7d6e5f44321b0a9f8e7d6c5b4a3').length;
    for (const form of [
      'a9b8c7d6e5f44321b0a9f8e7d6c5b4a3',
      'A9B8C7D6E5F44321B0A9F8E7D6C5B4A3',
      'a9b8c7d6-e5f4-4321-b0a9-f8e7d6c5b4a3',
      'A9B8C7D6-E5F4-4321-B0A9-F8E7D6C5B4A3',
    ]) {
      const r = await call(fake, 'HEAD', `/api/project-credits/?customer_uuid=${form}`);
      expect(r.headers.get('X-Result-Count')).toBe(String(ut));
    }
    const project = fake.credits[7]!.project_uuid;
    expect(await waldur.projectCredits.count({ project_uuid: project.toUpperCase() })).toBe(1);
    // An empty filter is no filter.
    expect((await call(fake, 'HEAD', '/api/project-credits/?project_uuid=')).headers.get('X-Result-Count')).toBe('40');
  });
});

describe('paging as DRF and Django do it', () => {
  it('page_size 0, negative or not a number is the default 10 (capture: GET page_size=0)', async () => {
    const { fake } = setup({ credits: 25 });
    for (const size of ['0', '-5', 'abc', '']) {
      const r = await call(fake, 'GET', `/api/project-credits/?page_size=${size}`);
      expect([r.status, (r.body as unknown[]).length, r.headers.get('X-Result-Count')]).toEqual([200, 10, '25']);
    }
  });

  it('page=last is the last page; page=abc and page=0 are 404 Invalid page.', async () => {
    const { fake } = setup({ credits: 25 });
    const last = await call(fake, 'GET', '/api/project-credits/?page=last&page_size=10');
    expect((last.body as { uuid: string }[]).map((c) => c.uuid)).toEqual(fake.credits.slice(20).map((c) => c.uuid));
    expect(last.headers.get('Link')).toContain('rel="prev"');
    for (const page of ['abc', '0', '4', '1.5']) {
      const r = await call(fake, 'GET', `/api/project-credits/?page=${page}&page_size=10`);
      expect([r.status, r.body]).toEqual([404, { detail: 'Invalid page.' }]);
    }
  });

  it('builds Link URLs as DRF does: keys sorted, re-encoded, page 1 without page (captures)', async () => {
    const fake = createFakeWaldur({ credits: 4, baseUrl: 'http://127.0.0.1:18080' });
    const links = async (query: string) => (await call(fake, 'HEAD', `/api/project-credits/${query}`)).headers.get('Link');
    const base = 'http://127.0.0.1:18080/api/project-credits/';
    // capture: GET list (staff)
    expect(await links('')).toBe(`<${base}>; rel="first", <${base}>; rel="last"`);
    // capture: GET page_size=1&page=2
    expect(await links('?page_size=1&page=2')).toBe(
      `<${base}?page_size=1>; rel="first", <${base}?page_size=1>; rel="prev", <${base}?page=3&page_size=1>; rel="next", <${base}?page=4&page_size=1>; rel="last"`,
    );
    // capture: GET o=-value&page_size=2
    expect(await links('?o=-value&page_size=2')).toBe(
      `<${base}?o=-value&page_size=2>; rel="first", <${base}?o=-value&page=2&page_size=2>; rel="next", <${base}?o=-value&page=2&page_size=2>; rel="last"`,
    );
    // capture: GET o=-value,project_name
    expect(await links('?o=-value,project_name')).toBe(
      `<${base}?o=-value%2Cproject_name>; rel="first", <${base}?o=-value%2Cproject_name>; rel="last"`,
    );
  });
});

describe('writing', () => {
  it('creates (201 with Location), patches, replaces and deletes, and fake.credits shows each step', async () => {
    const { fake, waldur } = setup({ credits: 3 });
    const project = '0f0e0d0c-0b0a-4908-8706-050403020100';
    const made = await waldur.projectCredits.create({ project, value: '100.5', end_date: '2027-12-31', minimal_consumption_logic: 'linear' });
    expect(made.project_uuid).toBe(project);
    expect(fake.credits).toHaveLength(4);
    expect(fake.credits[3]).toMatchObject({ value: '100.50000', end_date: '2027-12-31', project_uuid: project.replaceAll('-', '') });
    // The unknown project became a project of the first organization with a credit.
    expect(made.customer_name).toBe('University of Tartu');
    const patched = await waldur.projectCredits.patch(made.uuid, { value: new Decimal('42'), grace_coefficient: 10 });
    expect(patched.value.toFixed()).toBe('42');
    expect(fake.credits[3]).toMatchObject({ value: '42.00000', grace_coefficient: '10', end_date: '2027-12-31' });
    // As DRF's ModelSerializer.update: PUT sets the fields given; those left out keep their values.
    const replaced = await waldur.projectCredits.update(made.uuid, { project, value: 7 });
    expect(replaced.end_date).toBe('2027-12-31');
    expect(fake.credits[3]).toMatchObject({ value: '7.00000', minimal_consumption_logic: 'linear', grace_coefficient: '10' });
    await waldur.projectCredits.delete(made.uuid);
    expect(fake.credits).toHaveLength(3);
    await expect(waldur.projectCredits.get(made.uuid)).rejects.toBeInstanceOf(WaldurNotFoundError);
    // The project outlives its credit.
    expect(fake.projects.some((p) => p.uuid === project.replaceAll('-', ''))).toBe(true);
  });

  it('POST answers 201 with a Location header: the new credit’s absolute URL', async () => {
    const fake = createFakeWaldur({ baseUrl: 'http://127.0.0.1:18080' });
    const pilot = fake.projects.find((p) => p.name === 'Pilot study')!;
    const r = await call(fake, 'POST', '/api/project-credits/', {
      body: { project: `http://127.0.0.1:18080/api/projects/${pilot.uuid}/`, value: '123.45678' },
    });
    const body = r.body as { url: string; uuid: string; value: string };
    expect(r.status).toBe(201);
    expect(r.headers.get('Location')).toBe(`http://127.0.0.1:18080/api/project-credits/${body.uuid}/`);
    expect(r.headers.get('Location')).toBe(body.url);
    expect(body.value).toBe('123.45678');
    expect(fake.projects.some((p) => p.uuid === pilot.uuid)).toBe(false);
  });

  it('answers DRF-shaped 400s: one credit per project; no rule ties linear logic to an end date', async () => {
    const { fake, waldur } = setup({ credits: 2 });
    const taken = fake.credits[0]!.project_uuid;
    const error = await waldur.projectCredits.create({ project: taken, value: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaldurBadRequestError);
    expect((error as WaldurBadRequestError).fieldErrors).toEqual({ project: ['project credit with this project already exists.'] });
    // Waldur's project-credit serializer has no such rule (only the customer-credit serializer
    // does); the 8.0.9 document and the API docs declare none either.
    const linear = await waldur.projectCredits.create({
      project: 'ffffffffffff4fffbfffffffffffffff',
      minimal_consumption_logic: 'linear',
      end_date: null,
    });
    expect(linear).toMatchObject({ minimal_consumption_logic: 'linear', end_date: null });
  });

  it('validates raw bodies like DRF (what an SDK that checks nothing would get)', async () => {
    const { fake } = setup({ credits: 1 });
    const response = await call(fake, 'POST', '/api/project-credits/', {
      body: {
        value: '1.123456',
        end_date: '2027-02-30',
        minimal_consumption_logic: 'stepwise',
        grace_coefficient: '1000',
        apply_as_minimal_consumption: 'maybe',
      },
    });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      value: ['Ensure that there are no more than 5 decimal places.'],
      project: ['This field is required.'],
      end_date: ['Date has wrong format. Use one of these formats instead: YYYY-MM-DD.'],
      minimal_consumption_logic: ['"stepwise" is not a valid choice.'],
      grace_coefficient: ['Ensure that there are no more than 3 digits in total.'],
      apply_as_minimal_consumption: ['Must be a valid boolean.'],
    });
    // capture: POST project as bare hex uuid (not a URL)
    const bare = await call(fake, 'POST', '/api/project-credits/', { body: { project: 'a7121505e9a040669f07463819bb1ef2' } });
    expect(bare.body).toEqual({ project: ['Invalid hyperlink - No URL match.'] });
    const typed = await call(fake, 'POST', '/api/project-credits/', { body: { project: 42, value: null } });
    expect(typed.body).toEqual({ value: ['This field may not be null.'], project: ['Incorrect type. Expected URL string, received int.'] });
    const wrongKind = await call(fake, 'POST', '/api/project-credits/', {
      body: { project: `${fake.baseUrl}/api/customers/a9b8c7d6e5f44321b0a9f8e7d6c5b4a3/` },
    });
    expect(wrongKind.body).toEqual({ project: ['Invalid hyperlink - Incorrect URL match.'] });
    expect((await call(fake, 'POST', '/api/project-credits/', { body: [] })).body).toEqual({
      non_field_errors: ['Invalid data. Expected a dictionary, but got list.'],
    });
    expect((await call(fake, 'POST', '/api/project-credits/', { body: 'null' })).body).toEqual({ non_field_errors: ['No data provided'] });
  });

  it('takes what DRF takes: booleans as "true"/1, a decimal in exponent form, fields it does not know', async () => {
    const { fake } = setup({ credits: 1 });
    const uuid = fake.credits[0]!.uuid;
    const r = await call(fake, 'PATCH', `/api/project-credits/${uuid}/`, {
      body: { apply_as_minimal_consumption: 'false', mark_unused_credit_as_spent_on_project_termination: 1, value: '1.5e2', colour: 'red' },
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      apply_as_minimal_consumption: false,
      mark_unused_credit_as_spent_on_project_termination: true,
      value: '150.00000',
    });
    expect(r.body).not.toHaveProperty('colour');
  });

  it('unknownProjects: "reject" answers as Waldur does for a project that does not exist', async () => {
    const fake = createFakeWaldur({ unknownProjects: 'reject' });
    const r = await call(fake, 'POST', '/api/project-credits/', {
      body: { project: `${fake.baseUrl}/api/projects/0f0e0d0c0b0a49088706050403020100/` },
    });
    expect([r.status, r.body]).toEqual([400, { project: ['Invalid hyperlink - Object does not exist.'] }]);
  });
});

describe('organizations, customer credits and the model rules (bare-list 400s)', () => {
  /** The data of the captures: two organizations, four credits, a project without credit. */
  function captured(profile: 'legacy' | 'current' = 'legacy') {
    const a = 'aaaaaaaaaaaa4aaa8aaaaaaaaaaaaaaa';
    const b = 'bbbbbbbbbbbb4bbb8bbbbbbbbbbbbbbb';
    const credit = (uuid: string, value: string, name: string, project: string, customer: string) => ({
      uuid,
      value,
      project_name: name,
      project_uuid: project,
      project_slug: `${name.toLowerCase()}-1`,
      customer_uuid: customer,
      consumption_last_month: null,
      use_organisation_credit: true,
    });
    return createFakeWaldur({
      profile,
      baseUrl: 'http://127.0.0.1:18080',
      organizations: [
        { uuid: a, name: 'Org A', slug: 'org-a', credit: '10000' },
        { uuid: b, name: 'Org B', slug: 'org-b', credit: '500.5' },
        { name: 'No credit', slug: 'none', credit: null },
      ],
      projects: [
        { uuid: 'a7121505e9a040669f07463819bb1ef2', name: 'Free (no credit)', slug: 'free-no--1', customer_uuid: a },
        { uuid: '0badc0de0badc0de4bad8badc0de0bad', name: 'Small', slug: 'small-1', customer_uuid: b },
      ],
      credits: [
        credit('3e10c9849803416f8f63e38ffe010576', '1234.56789', 'Alpha', 'b78201f974fa45aea392d094110fbc2b', a),
        credit('5f9225ed65d947a3ba9fbbfe123a3ea9', '0.10000', 'Beta', '3e53cd8bf54c4eb3ac6d45bac02ffc06', a),
        credit('94c9793671424931a951abe3b809dd37', '250.00000', 'Gamma', '5b8e5b059ab349e09cc9aa2aa8bb3cd8', a),
        credit('fd6ad145b6984bec80a20c71bb0c7cae', '100.25000', 'Delta', 'eb5d02e4c7bb4851b8d9b23604a531d0', b),
      ],
    });
  }

  it('renders the captured list exactly (legacy profile): fields, order, numbers, null consumption', async () => {
    const fake = captured();
    const r = await call(fake, 'GET', '/api/project-credits/');
    // capture: GET list (staff), the first credit and the last, verbatim
    const alpha = JSON.parse(
      '{"uuid":"3e10c9849803416f8f63e38ffe010576","url":"http://127.0.0.1:18080/api/project-credits/3e10c9849803416f8f63e38ffe010576/","value":"1234.56789","project":"http://127.0.0.1:18080/api/projects/b78201f974fa45aea392d094110fbc2b/","project_name":"Alpha","project_uuid":"b78201f974fa45aea392d094110fbc2b","project_slug":"alpha-1","use_organisation_credit":true,"customer_credit":10000.0,"allocated_customer_credit":1484.66789,"consumption_last_month":null,"offerings":[]}',
    ) as Record<string, unknown>;
    const delta = JSON.parse(
      '{"uuid":"fd6ad145b6984bec80a20c71bb0c7cae","url":"http://127.0.0.1:18080/api/project-credits/fd6ad145b6984bec80a20c71bb0c7cae/","value":"100.25000","project":"http://127.0.0.1:18080/api/projects/eb5d02e4c7bb4851b8d9b23604a531d0/","project_name":"Delta","project_uuid":"eb5d02e4c7bb4851b8d9b23604a531d0","project_slug":"delta-1","use_organisation_credit":true,"customer_credit":500.5,"allocated_customer_credit":100.25,"consumption_last_month":null,"offerings":[]}',
    ) as Record<string, unknown>;
    const list = r.body as Record<string, unknown>[];
    expect(list[0]).toEqual(alpha);
    expect(Object.keys(list[0]!)).toEqual(Object.keys(alpha));
    expect(list[3]).toEqual(delta);
    expect(r.headers.get('X-Result-Count')).toBe('4');
    expect(r.headers.get('Allow')).toBe('GET, POST, HEAD, OPTIONS');
  });

  it('replays the captured write sequence: the sum rule as Waldur’s code has it, allocated_customer_credit the organization’s sum', async () => {
    const fake = captured();
    const free = 'http://127.0.0.1:18080/api/projects/a7121505e9a040669f07463819bb1ef2/';
    // capture: POST value 123.45678 (201)
    const made = await call(fake, 'POST', '/api/project-credits/', { body: { project: free, value: '123.45678' } });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({
      value: '123.45678',
      project_name: 'Free (no credit)',
      customer_credit: 10000,
      allocated_customer_credit: 1608.12467,
    });
    const path = `/api/project-credits/${(made.body as { uuid: string }).uuid}/`;
    // capture: PATCH value 42
    expect((await call(fake, 'PATCH', path, { body: { value: 42 } })).body).toMatchObject({
      value: '42.00000',
      allocated_customer_credit: 1526.66789,
    });
    // capture: PUT without project, PUT project + value
    expect((await call(fake, 'PUT', path, { body: { value: '1' } })).body).toEqual({ project: ['This field is required.'] });
    expect((await call(fake, 'PUT', path, { body: { project: free, value: '43.00001' } })).body).toMatchObject({
      value: '43.00001',
      allocated_customer_credit: 1527.6679,
    });
    // capture: PATCH value over the organization's credit — 200: the organization has other
    // credits, so Waldur's `others or 0 + self.value` checks their sum (1484.66789), not the new total.
    const over = await call(fake, 'PATCH', path, { body: { value: 99999 } });
    expect([over.status, over.body]).toEqual([
      200,
      expect.objectContaining({ value: '99999.00000', customer_credit: 10000, allocated_customer_credit: 101483.66789 }),
    ]);
    // From now on the others of Alpha exceed the credit: any save of Alpha is refused.
    const alpha = await call(fake, 'PATCH', '/api/project-credits/3e10c9849803416f8f63e38ffe010576/', { body: { value: 1 } });
    expect([alpha.status, alpha.body]).toEqual([400, ['The sum of project credits cannot exceed the credit for organization.']]);
    expect(fake.credit('3e10c9849803416f8f63e38ffe010576')!.value).toBe('1234.56789');
    // capture: DELETE (204), DELETE again (404)
    expect((await call(fake, 'DELETE', path)).status).toBe(204);
    expect(await call(fake, 'DELETE', path)).toMatchObject({ status: 404, body: { detail: 'No ProjectCredit matches the given query.' } });
  });

  it('checks the first credit of an organization against its credit, and refuses an organization without one', async () => {
    const fake = captured('current');
    const small = `${fake.baseUrl}/api/projects/0badc0de0badc0de4bad8badc0de0bad/`;
    // Org B has Delta: its sum (100.25) is checked, so even 1000 (over 500.5) passes...
    expect((await call(fake, 'POST', '/api/project-credits/', { body: { project: small, value: '1000' } })).status).toBe(201);
    // ...while an organization's first credit is checked on its own value.
    // capture: POST the first credit of an organization, over its credit (model-level ValidationError: a bare list)
    fake.organizations.push({ uuid: 'cccccccccccc4ccc8ccccccccccccccc', name: 'Org C', slug: 'org-c', credit: '100.00000', offerings: [] });
    fake.projects.push({ uuid: 'c0c0c0c0c0c04c0c8c0c0c0c0c0c0c0c', name: 'C1', slug: 'c1', customer_uuid: 'cccccccccccc4ccc8ccccccccccccccc' });
    const c1 = `${fake.baseUrl}/api/projects/c0c0c0c0c0c04c0c8c0c0c0c0c0c0c0c/`;
    const first = await call(fake, 'POST', '/api/project-credits/', { body: { project: c1, value: '100.00001' } });
    expect([first.status, first.body]).toEqual([400, ['The sum of project credits cannot exceed the credit for organization.']]);
    expect((await call(fake, 'POST', '/api/project-credits/', { body: { project: c1, value: '100' } })).status).toBe(201);
    // capture: POST for a project whose organization has no customer credit
    const orphan = fake.organizations.find((o) => o.credit === null)!;
    fake.projects.push({ uuid: 'd0d0d0d0d0d04d0d8d0d0d0d0d0d0d0d', name: 'D', slug: 'd', customer_uuid: orphan.uuid });
    const none = await call(fake, 'POST', '/api/project-credits/', {
      body: { project: `${fake.baseUrl}/api/projects/d0d0d0d0d0d04d0d8d0d0d0d0d0d0d0d/` },
    });
    expect([none.status, none.body]).toEqual([400, ['Customer credit does not exist.']]);
  });

  it('fills in organizations: a credit amount with room when none is given, projects in the first organization with a credit', () => {
    const fake = createFakeWaldur({
      organizations: [{ name: 'Broke', credit: null }, { name: 'Funded' }],
      projects: [{ name: 'P' }],
      credits: [{ value: '2000000.00000', customer_uuid: 'eeeeeeeeeeee4eee8eeeeeeeeeeeeeee', customer_name: 'Seeded', customer_slug: 'seeded' }, {}],
    });
    const [broke, funded, seeded] = fake.organizations;
    expect(broke!.credit).toBeNull();
    expect(funded!.credit).toBe('1000000.00000');
    expect(seeded).toMatchObject({ uuid: 'eeeeeeeeeeee4eee8eeeeeeeeeeeeeee', name: 'Seeded', credit: '3000000.00000' });
    expect(fake.projects[0]!.customer_uuid).toBe(funded!.uuid);
    expect(fake.credits[1]!.customer_uuid).toBe(funded!.uuid);
  });

  it('the SDK sees a model rule as WaldurBadRequestError with non_field_errors; the default fake has an organization without credit', async () => {
    const { fake, waldur } = setup({ credits: 20 });
    const lab = fake.organizations.find((o) => o.credit === null)!;
    expect(lab.name).toBe('Open Science Lab');
    const project = fake.projects.find((p) => p.customer_uuid === lab.uuid)!;
    const error = await waldur.projectCredits.create({ project: project.uuid, value: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaldurBadRequestError);
    expect((error as WaldurBadRequestError).fieldErrors).toEqual({ non_field_errors: ['Customer credit does not exist.'] });
    // Every other default organization has a credit with room above what it allocates.
    for (const org of fake.organizations.filter((o) => o.credit !== null)) {
      const allocated = fake.credits.filter((c) => c.customer_uuid === org.uuid).reduce((s, c) => s.plus(c.value), new Decimal(0));
      expect(new Decimal(org.credit!).gt(allocated)).toBe(true);
    }
    // Credits of an organization without a customer credit are not listed (the model's queryset excludes them).
    fake.organizations.find((o) => o.slug === 'ut')!.credit = null;
    expect(await waldur.projectCredits.count()).toBe(fake.credits.filter((c) => c.customer_slug !== 'ut').length);
  });
});

describe('numbers as real servers send them', () => {
  it('customer_credit and allocated_customer_credit are JSON numbers, consumption_last_month often null; the SDK reads them exactly', async () => {
    const { fake, waldur } = setup({ credits: 60 });
    const raw = (await call(fake, 'GET', '/api/project-credits/?page_size=60')).body as Record<string, unknown>[];
    expect(raw.every((c) => typeof c.customer_credit === 'number' && typeof c.allocated_customer_credit === 'number')).toBe(true);
    expect(raw.every((c) => typeof c.minimal_consumption === 'number')).toBe(true);
    const nulls = raw.filter((c) => c.consumption_last_month === null).length;
    expect(nulls).toBeGreaterThan(30);
    expect(raw.some((c) => typeof c.consumption_last_month === 'number')).toBe(true);
    const credits = await waldur.projectCredits.listAll({ page_size: 60 });
    const ut = fake.organizations[0]!;
    const sum = fake.credits.filter((c) => c.customer_uuid === ut.uuid).reduce((s, c) => s.plus(c.value), new Decimal(0));
    const read = credits.find((c) => c.customer_uuid === 'a9b8c7d6-e5f4-4321-b0a9-f8e7d6c5b4a3')!;
    expect(read.allocated_customer_credit!.equals(sum)).toBe(true);
    expect(read.customer_credit!.equals(ut.credit!)).toBe(true);
  });

  it('decimalsAsStrings sends decimal strings instead', async () => {
    const { fake, waldur } = setup({ credits: 5, decimalsAsStrings: true });
    const raw = (await call(fake, 'GET', '/api/project-credits/')).body as Record<string, unknown>[];
    expect(raw[0]!.customer_credit).toMatch(/^\d+\.\d{5}$/);
    expect(raw[0]!.allocated_customer_credit).toMatch(/^\d+\.\d{5}$/);
    expect(typeof raw[0]!.minimal_consumption).toBe('string');
    expect((await waldur.projectCredits.listAll()).length).toBe(5);
  });

  it('an amount of more than 15 significant digits is sent as the double a real server sends, read as the decimal it wrote; exact with decimalsAsStrings', async () => {
    // Two credits per organization: a save is checked against the others' sum (see the model rules).
    const { fake, waldur } = setup({ credits: 8 });
    const uuid = fake.credits[0]!.uuid;
    const patched = await waldur.projectCredits.patch(uuid, { value: '99999999999.99999' });
    const sum = fake.credits
      .filter((c) => c.customer_uuid === patched.customer_uuid!.replaceAll('-', ''))
      .reduce((s, c) => s.plus(c.value), new Decimal(0));
    expect(sum.sd()).toBeGreaterThan(15);
    const body = (await call(fake, 'GET', `/api/project-credits/${uuid}/`)).body as Record<string, unknown>;
    expect(body.allocated_customer_credit).toBe(Number(sum.toFixed()));
    // float(Decimal) then repr: the shortest digits of the nearest double.
    expect(patched.allocated_customer_credit!.equals(String(Number(sum.toFixed())))).toBe(true);
    const exact = createFakeWaldur({ credits: fake.credits.map((c) => ({ ...c })), decimalsAsStrings: true });
    const read = await createWaldurClient({ baseUrl: exact.baseUrl, token: 'test', fetch: exact.fetch }).projectCredits.get(uuid);
    expect(read.allocated_customer_credit!.equals(sum)).toBe(true);
  });

  it('a consumption_last_month of -123456.1234567891 goes out as that JSON number, and the SDK reads that decimal', async () => {
    const { fake, waldur } = setup({ credits: 3 });
    const credit = fake.credits[1]!;
    credit.consumption_last_month = '-123456.1234567891';
    const response = await fake.fetch(`${fake.baseUrl}/api/project-credits/${credit.uuid}/`, { headers: { Authorization: 'Token test' } });
    expect(await response.text()).toContain('"consumption_last_month":-123456.1234567891,');
    expect((await waldur.projectCredits.get(credit.uuid)).consumption_last_month!.toFixed()).toBe('-123456.1234567891');
  });
});

describe('roles by token', () => {
  const member = 'member-token';
  const nobody = 'nobody-token';
  const owner = 'owner-token';
  function withRoles(profile: 'current' | 'newer') {
    const fake = createFakeWaldur({ credits: 30, profile, users: {} });
    const mine = fake.credits[4]!;
    fake.users[member] = { role: 'project', projects: [mine.project_uuid.toUpperCase()] };
    fake.users[nobody] = { role: 'none' };
    fake.users[owner] = { role: 'owner', organizations: ['3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f'] };
    const as = (token: string) => createWaldurClient({ baseUrl: fake.baseUrl, token, fetch: fake.fetch, maxRetries: 0 });
    return { fake, mine, as };
  }

  it('a user without roles gets an empty list and count 0, 403 on create, 404 on a credit’s URL', async () => {
    const { fake, as } = withRoles('current');
    // capture: GET as a user with no roles (plain token)
    const list = await call(fake, 'GET', '/api/project-credits/', { token: nobody });
    expect([list.status, list.body, list.headers.get('X-Result-Count')]).toEqual([200, [], '0']);
    expect(list.headers.get('Link')).toBe(`<${fake.baseUrl}/api/project-credits/>; rel="first", <${fake.baseUrl}/api/project-credits/>; rel="last"`);
    expect(await as(nobody).projectCredits.count()).toBe(0);
    // capture: POST as a user with no roles (403)
    const pilot = fake.projects.find((p) => p.name === 'Pilot study')!;
    const post = await call(fake, 'POST', '/api/project-credits/', {
      token: nobody,
      body: { project: `${fake.baseUrl}/api/projects/${pilot.uuid}/`, value: 'x' },
    });
    expect([post.status, post.body]).toEqual([403, { detail: 'You do not have permission to perform this action.' }]);
    await expect(as(nobody).projectCredits.create({ project: pilot.uuid, value: 1 })).rejects.toBeInstanceOf(WaldurPermissionDeniedError);
    // DRF looks a credit up in the role-filtered queryset before any permission check.
    const uuid = fake.credits[0]!.uuid;
    for (const method of ['GET', 'PATCH', 'PUT', 'DELETE']) {
      expect(
        await call(fake, method, `/api/project-credits/${uuid}/`, { token: nobody, body: method.startsWith('P') ? { value: 1 } : undefined }),
      ).toMatchObject({ status: 404 });
    }
    expect(fake.credits).toHaveLength(30);
  });

  it('a project member sees an empty list on an 8.x server, and their project’s credits without organization fields on a newer one', async () => {
    const current = withRoles('current');
    expect(await current.as(member).projectCredits.count()).toBe(0);
    const newer = withRoles('newer');
    const seen = await newer.as(member).projectCredits.listAll();
    expect(seen.map((c) => c.uuid.replaceAll('-', ''))).toEqual([newer.mine.uuid]);
    expect(seen[0]).not.toHaveProperty('customer_credit');
    expect(seen[0]).not.toHaveProperty('allocated_customer_credit');
    expect(seen[0]).not.toHaveProperty('offerings');
    expect(seen[0]).toHaveProperty('spendable_value');
    // Writes stay with owners and staff: 403 on what they see, 404 on what they do not.
    await expect(newer.as(member).projectCredits.patch(newer.mine.uuid, { value: 1 })).rejects.toBeInstanceOf(WaldurPermissionDeniedError);
    await expect(newer.as(member).projectCredits.delete(newer.mine.uuid)).rejects.toBeInstanceOf(WaldurPermissionDeniedError);
    const other = newer.fake.credits[5]!.uuid;
    await expect(newer.as(member).projectCredits.patch(other, { value: 1 })).rejects.toBeInstanceOf(WaldurNotFoundError);
  });

  it('an owner sees and writes their organizations’ credits only', async () => {
    const { fake, as } = withRoles('current');
    const theirs = fake.credits.filter((c) => c.customer_slug === 'taltech');
    const seen = await as(owner).projectCredits.listAll();
    expect(seen.map((c) => c.uuid.replaceAll('-', ''))).toEqual(theirs.map((c) => c.uuid));
    expect(seen[0]).toHaveProperty('customer_credit');
    expect((await as(owner).projectCredits.patch(theirs[0]!.uuid, { value: 5 })).value.toFixed()).toBe('5');
    const summer = fake.projects.find((p) => p.name === 'Summer school')!;
    expect((await as(owner).projectCredits.create({ project: summer.uuid, value: 1 })).project_name).toBe('Summer school');
    const pilot = fake.projects.find((p) => p.name === 'Pilot study')!;
    await expect(as(owner).projectCredits.create({ project: pilot.uuid, value: 1 })).rejects.toBeInstanceOf(WaldurPermissionDeniedError);
  });
});

describe('profiles', () => {
  it('legacy: the 2024-10 server — no 8.x fields, use_organisation_credit, its orderings only, customer_* and query ignored', async () => {
    const { fake, waldur } = setup({ profile: 'legacy', credits: 30 });
    const raw = (await call(fake, 'GET', '/api/project-credits/?page_size=1')).body as Record<string, unknown>[];
    expect(Object.keys(raw[0]!)).toEqual([
      'uuid',
      'url',
      'value',
      'project',
      'project_name',
      'project_uuid',
      'project_slug',
      'use_organisation_credit',
      'customer_credit',
      'allocated_customer_credit',
      'consumption_last_month',
      'offerings',
    ]);
    const credits = await waldur.projectCredits.listAll({ o: ['-value', 'project_name'] });
    expect(credits).toHaveLength(30);
    expect(credits[0]!.use_organisation_credit).toBe(true);
    expect(credits[0]!.end_date).toBeUndefined();
    // capture: GET o=end_date (ordering the SDK knows, this server does not)
    const error = await waldur.projectCredits.list({ o: 'end_date' }).catch((e: unknown) => e);
    expect((error as WaldurBadRequestError).fieldErrors).toEqual({ o: ['Select a valid choice. end_date is not one of the available choices.'] });
    expect((await call(fake, 'GET', '/api/project-credits/?o=-use_organisation_credit')).status).toBe(200);
    // capture: HEAD customer_uuid=<unknown uuid> (filter absent on this server: ignored)
    expect(await waldur.projectCredits.count({ customer_uuid: '00000000000000000000000000000000' })).toBe(30);
    expect(await waldur.projectCredits.count({ query: 'no such thing', customer_slug: 'nobody', customer_name: 'nobody' })).toBe(30);
    expect((await call(fake, 'HEAD', '/api/project-credits/?customer_uuid=not-a-uuid')).status).toBe(200);
    // ...but project_name and project_uuid filter (captures: GET project_name=alp, HEAD project_uuid=not-a-uuid).
    expect(await waldur.projectCredits.count({ project_uuid: fake.credits[3]!.project_uuid })).toBe(1);
  });

  it('legacy: value has at most 11 digits, 5 places, 6 before the point; 8.x fields are ignored; use_organisation_credit is writable', async () => {
    const fake = createFakeWaldur({ profile: 'legacy', credits: 2 });
    const path = `/api/project-credits/${fake.credits[0]!.uuid}/`;
    const patch = async (body: unknown) => (await call(fake, 'PATCH', path, { body })).body;
    // captures: POST value with 6 decimal places; POST value as a JSON number with 12 integer digits; POST negative value
    expect(await patch({ value: '1.123456' })).toEqual({ value: ['Ensure that there are no more than 5 decimal places.'] });
    expect(await patch({ value: 123456789012 })).toEqual({ value: ['Ensure that there are no more than 11 digits in total.'] });
    expect(await patch({ value: '-1' })).toEqual({ value: ['Ensure this value is greater than or equal to 0.'] });
    expect(await patch({ value: '1234567' })).toEqual({ value: ['Ensure that there are no more than 6 digits before the decimal point.'] });
    expect(await patch({ value: '1234567.12345' })).toEqual({ value: ['Ensure that there are no more than 11 digits in total.'] });
    expect(await patch({ value: '1234567.1234' })).toEqual({ value: ['Ensure that there are no more than 6 digits before the decimal point.'] });
    expect(await patch({ value: '999999.99999', end_date: 'not a date', grace_coefficient: 'x', use_organisation_credit: false })).toMatchObject({
      value: '999999.99999',
      use_organisation_credit: false,
    });
    expect(await patch({ end_date: '2027-01-01' })).not.toHaveProperty('end_date');
    expect(fake.credits[0]!.end_date).not.toBe('2027-01-01');
  });

  it('current (default): 8.x fields, 11 digits before the point; a negative grace coefficient passes, as the model has no validator for it', async () => {
    const { fake } = setup({ credits: 1 });
    const path = `/api/project-credits/${fake.credits[0]!.uuid}/`;
    const patch = async (body: unknown) => call(fake, 'PATCH', path, { body });
    expect((await patch({ value: '123456789012.5' })).body).toEqual({
      value: ['Ensure that there are no more than 11 digits before the decimal point.'],
    });
    expect((await patch({ grace_coefficient: '1.5' })).body).toEqual({ grace_coefficient: ['Ensure that there are no more than 0 decimal places.'] });
    expect((await patch({ grace_coefficient: '-1' })).status).toBe(200);
    expect((await patch({ expected_consumption: '-1.5' })).status).toBe(200);
    const body = (await patch({ use_organisation_credit: false })).body as Record<string, unknown>;
    expect(body).not.toHaveProperty('use_organisation_credit');
    expect(body).not.toHaveProperty('spendable_value');
    expect(Object.keys(body)).toEqual([
      'uuid',
      'url',
      'value',
      'project',
      'project_name',
      'project_uuid',
      'project_slug',
      'customer_name',
      'customer_slug',
      'customer_uuid',
      'customer_credit',
      'allocated_customer_credit',
      'consumption_last_month',
      'offerings',
      'end_date',
      'expected_consumption',
      'minimal_consumption',
      'minimal_consumption_logic',
      'grace_coefficient',
      'apply_as_minimal_consumption',
      'mark_unused_credit_as_spent_on_project_termination',
    ]);
  });

  it('newer: spendable_value, creditable_cost_this_month, is_limited_by_organization_credit; end dates on the first of a month', async () => {
    const fake = createFakeWaldur({
      profile: 'newer',
      organizations: [{ name: 'Tight', credit: '100' }],
      projects: [{ uuid: '12121212121242128212121212121212', name: 'P' }],
      credits: [{ value: '30.00000', creditable_cost_this_month: '4.50000' }],
    });
    const waldur = createWaldurClient({ baseUrl: fake.baseUrl, token: 'test', fetch: fake.fetch });
    const [first] = await waldur.projectCredits.listAll();
    expect(first!.spendable_value!.toFixed()).toBe('30');
    expect(first!.creditable_cost_this_month!.toFixed()).toBe('4.5');
    expect(first!.is_limited_by_organization_credit).toBe(false);
    const big = await waldur.projectCredits.create({ project: '12121212121242128212121212121212', value: '500', end_date: '2028-03-01' });
    expect(big.spendable_value!.toFixed()).toBe('100');
    expect(big.is_limited_by_organization_credit).toBe(true);
    const error = await waldur.projectCredits.patch(big.uuid, { end_date: '2028-03-15' }).catch((e: unknown) => e);
    expect((error as WaldurBadRequestError).fieldErrors).toEqual({ end_date: ['End date must be the first day of the month.'] });
    const negative = await waldur.projectCredits.patch(big.uuid, { expected_consumption: '-1' }).catch((e: unknown) => e);
    expect((negative as WaldurBadRequestError).fieldErrors).toEqual({ expected_consumption: ['Ensure this value is greater than or equal to 0.'] });
  });

  it('refuses an unknown profile', () => {
    expect(() => createFakeWaldur({ profile: 'old' as 'legacy' })).toThrow(/profile/);
  });
});

describe('fake.requests and fake.credit()', () => {
  it('records method, URL, status, headers with Authorization redacted, and the parsed body', async () => {
    const { fake, waldur } = setup({ credits: 2 });
    const made = await waldur.projectCredits.patch(fake.credits[1]!.uuid, { value: '2.5' });
    await call(fake, 'POST', '/api/project-credits/', { body: '{not json' });
    const [patch, bad] = fake.requests.slice(-2);
    // The SDK sends canonical hyphenated UUIDs on the wire.
    expect(patch).toMatchObject({ method: 'PATCH', url: `${fake.baseUrl}/api/project-credits/${made.uuid}/`, status: 200, body: { value: '2.5' } });
    expect(patch!.headers.authorization).toBe('Token ***');
    expect(patch!.headers['content-type']).toMatch(/application\/json/);
    expect(JSON.stringify(fake.requests)).not.toContain('Token test');
    expect(bad).toMatchObject({ method: 'POST', status: 400, body: '{not json' });
    await waldur.projectCredits.count();
    expect(fake.requests.at(-1)).toMatchObject({ method: 'HEAD', status: 200, body: undefined });
  });

  it('finds a credit by any UUID form', () => {
    const { fake } = setup({ credits: 3 });
    const hex = fake.credits[2]!.uuid;
    const hyphenated = hex.replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');
    for (const form of [hex, hex.toUpperCase(), hyphenated, hyphenated.toUpperCase(), `{${hyphenated}}`])
      expect(fake.credit(form)).toBe(fake.credits[2]);
    expect(fake.credit('nope')).toBeUndefined();
    expect(fake.credit('00000000000000000000000000000000')).toBeUndefined();
  });
});

describe('MSW handlers (waldur-project-credits/testing/msw)', () => {
  it('serve the same fake through the global fetch: reads and writes', async () => {
    const fake = createFakeWaldur({ credits: 12, baseUrl: 'https://msw-fake.test' });
    server.use(...mswHandlers(fake));
    const waldur = createWaldurClient({ baseUrl: fake.baseUrl, token: 'test' });
    expect(await waldur.projectCredits.listAll({ page_size: 5 })).toHaveLength(12);
    const made = await waldur.projectCredits.create({ project: fake.projects[0]!.uuid, value: '1.5' });
    expect(fake.credit(made.uuid)).toMatchObject({ value: '1.50000' });
    expect(fake.requests.map((r) => `${r.method} ${r.status}`)).toEqual(['GET 200', 'GET 200', 'GET 200', 'POST 201']);
  });

  it('fake.handlers (0.1.0) says where the handlers went', () => {
    const fake = createFakeWaldur({ credits: 1 });
    expect(() => (fake as unknown as { handlers: unknown }).handlers).toThrow(
      "fake.handlers moved: import { mswHandlers } from 'waldur-project-credits/testing/msw', then server.use(...mswHandlers(fake))",
    );
    // Not a field of the fake: spreading or comparing it does not trip over the getter.
    expect(Object.keys(fake)).not.toContain('handlers');
  });
});
