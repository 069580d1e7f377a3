/** The fake Waldur (`waldur-project-credits/testing`) behaves like the server, and the SDK works against it. */
import { describe, expect, it } from 'vitest';
import {
  createWaldurClient,
  Decimal,
  WaldurAuthenticationError,
  WaldurBadRequestError,
  WaldurNetworkError,
  WaldurNotFoundError,
} from '../src/index.js';
import { createFakeWaldur } from '../src/testing/index.js';
import { server } from './support/server.js';

function setup(options: Parameters<typeof createFakeWaldur>[0] = {}) {
  const fake = createFakeWaldur({ credits: 250, ...options });
  const waldur = createWaldurClient({ baseUrl: fake.baseUrl, token: 'test', fetch: fake.fetch, retryBackoffMs: 1 });
  return { fake, waldur };
}

describe('reading', () => {
  it('counts, pages and walks the generated credits as the server renders them', async () => {
    const { fake, waldur } = setup();
    expect(fake.baseUrl).toBe('https://waldur.test');
    expect(await waldur.projectCredits.count()).toBe(250);
    const page = await waldur.projectCredits.list({ page_size: 40 });
    expect(page).toMatchObject({ total: 250, pageSize: 40, lastPage: 7 });
    const all = await waldur.projectCredits.listAll({ page_size: 40 });
    expect(all.map((c) => c.uuid.replaceAll('-', ''))).toEqual(fake.credits.map((c) => c.uuid));
    expect(fake.credits[0]!.uuid).toMatch(/^[0-9a-f]{32}$/);
    expect(fake.credits[0]!.value).toMatch(/^\d+\.\d{5}$/);
    expect(all[0]!.value!.equals(fake.credits[0]!.value)).toBe(true);
  });

  it('is deterministic for a seed', () => {
    expect(createFakeWaldur({ credits: 5, seed: 7 }).credits).toEqual(createFakeWaldur({ credits: 5, seed: 7 }).credits);
    expect(createFakeWaldur({ credits: 5, seed: 7 }).credits).not.toEqual(createFakeWaldur({ credits: 5, seed: 8 }).credits);
  });

  it('orders by o, comma-joined, and filters', async () => {
    const { fake, waldur } = setup();
    const top = await waldur.projectCredits.list({ o: ['-value'], page_size: 5 });
    const expected = [...fake.credits].sort((a, b) => Number(b.value) - Number(a.value)).slice(0, 5);
    expect(top.items.map((c) => c.value!.toFixed(5))).toEqual(expected.map((c) => c.value));
    const ut = await waldur.projectCredits.listAll({ customer_slug: 'ut' });
    expect(ut.length).toBe(fake.credits.filter((c) => c.customer_slug === 'ut').length);
    expect(ut.every((c) => c.customer_name === 'University of Tartu')).toBe(true);
    const byUuid = await waldur.projectCredits.count({ customer_uuid: 'a9b8c7d6-e5f4-4321-b0a9-f8e7d6c5b4a3' });
    expect(byUuid).toBe(ut.length);
    const named = await waldur.projectCredits.listAll({ query: 'climate' });
    expect(named.length).toBeGreaterThan(0);
    expect(named.every((c) => /climate/i.test(c.project_name ?? ''))).toBe(true);
  });

  it('caps page_size at 300 and answers 404 Invalid page past the end', async () => {
    const { fake, waldur } = setup({ credits: 700 });
    // The SDK refuses page_size over 300, so the fake's own cap is checked over raw HTTP.
    const raw = await fake.fetch(`${fake.baseUrl}/api/project-credits/?page_size=1000`, { headers: { Authorization: 'Token test' } });
    expect(((await raw.json()) as unknown[]).length).toBe(300);
    expect(await waldur.projectCredits.listAll({ page_size: 300 })).toHaveLength(700);
    await expect(waldur.projectCredits.list({ page: 9, page_size: 100 })).rejects.toMatchObject({ status: 404, detail: 'Invalid page.' });
  });

  it('hides organization-level fields when asked, and walks without headers', async () => {
    const { fake, waldur } = setup({ hideOrganizationFields: true, countHeader: false, linkHeader: false });
    const credit = (await waldur.projectCredits.list({ page_size: 1 })).items[0]!;
    expect('customer_credit' in credit).toBe(false);
    expect('offerings' in credit).toBe(false);
    expect(credit.value).toBeInstanceOf(Decimal);
    expect(await waldur.projectCredits.listAll({ page_size: 100 })).toHaveLength(250);
    fake.hideOrganizationFields = false;
    expect('customer_credit' in (await waldur.projectCredits.get(credit.uuid))).toBe(true);
  });

  it('answers 401 without the right token', async () => {
    const { fake } = setup();
    const intruder = createWaldurClient({ baseUrl: fake.baseUrl, token: 'wrong', fetch: fake.fetch });
    await expect(intruder.projectCredits.count()).rejects.toBeInstanceOf(WaldurAuthenticationError);
    const bearer = createWaldurClient({ baseUrl: fake.baseUrl, token: 'test', tokenType: 'Bearer', fetch: fake.fetch });
    expect(await bearer.projectCredits.count()).toBe(250);
  });

  it('fake.fetch serves only its own origin', async () => {
    const { fake } = setup();
    const lost = createWaldurClient({ baseUrl: 'https://elsewhere.test', token: 'test', fetch: fake.fetch, maxRetries: 0 });
    await expect(lost.projectCredits.count()).rejects.toBeInstanceOf(WaldurNetworkError);
  });
});

describe('writing', () => {
  it('creates, patches, replaces and deletes, and fake.credits shows each step', async () => {
    const { fake, waldur } = setup({ credits: 3 });
    const project = '0f0e0d0c-0b0a-4908-8706-050403020100';
    const made = await waldur.projectCredits.create({ project, value: '100.5', end_date: '2027-12-31', minimal_consumption_logic: 'linear' });
    expect(made.project_uuid).toBe(project);
    expect(fake.credits).toHaveLength(4);
    expect(fake.credits[3]).toMatchObject({ value: '100.50000', end_date: '2027-12-31', project_uuid: project.replaceAll('-', '') });
    const patched = await waldur.projectCredits.patch(made.uuid, { value: new Decimal('42'), grace_coefficient: 10 });
    expect(patched.value!.toFixed()).toBe('42');
    expect(fake.credits[3]).toMatchObject({ value: '42.00000', grace_coefficient: '10', end_date: '2027-12-31' });
    // As DRF's ModelSerializer.update: PUT sets the fields given; those left out keep their values.
    const replaced = await waldur.projectCredits.update(made.uuid, { project, value: 7 });
    expect(replaced.end_date).toBe('2027-12-31');
    expect(fake.credits[3]).toMatchObject({ value: '7.00000', minimal_consumption_logic: 'linear', grace_coefficient: '10' });
    await waldur.projectCredits.delete(made.uuid);
    expect(fake.credits).toHaveLength(3);
    await expect(waldur.projectCredits.get(made.uuid)).rejects.toBeInstanceOf(WaldurNotFoundError);
  });

  it('answers DRF-shaped 400s: one credit per project, linear logic needs an end date', async () => {
    const { fake, waldur } = setup({ credits: 2 });
    const taken = fake.credits[0]!.project_uuid;
    const error = await waldur.projectCredits.create({ project: taken, value: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaldurBadRequestError);
    expect((error as WaldurBadRequestError).fieldErrors).toEqual({ project: ['project credit with this project already exists.'] });
    const linear = await waldur.projectCredits
      .create({ project: 'ffffffffffff4fffbfffffffffffffff', minimal_consumption_logic: 'linear', end_date: null })
      .catch((e: unknown) => e);
    expect((linear as WaldurBadRequestError).fieldErrors.non_field_errors).toEqual(['End date is required if minimal consumption logic is linear.']);
  });

  it('validates raw bodies like DRF (what an SDK that checks nothing would get)', async () => {
    const { fake } = setup({ credits: 1 });
    const response = await fake.fetch(`${fake.baseUrl}/api/project-credits/`, {
      method: 'POST',
      headers: { Authorization: 'Token test', 'Content-Type': 'application/json' },
      body: JSON.stringify({ value: '1.123456', end_date: '2027-02-30', minimal_consumption_logic: 'stepwise', grace_coefficient: '1000' }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      value: ['Ensure that there are no more than 5 decimal places.'],
      project: ['This field is required.'],
      end_date: ['Date has wrong format. Use one of these formats instead: YYYY-MM-DD.'],
      minimal_consumption_logic: ['"stepwise" is not a valid choice.'],
      grace_coefficient: ['Ensure that there are no more than 3 digits in total.'],
    });
  });
});

describe('DRF details', () => {
  it('refuses more than 11 digits before the point and a negative grace coefficient', async () => {
    const { fake } = setup({ credits: 1 });
    const patch = (body: unknown) =>
      fake.fetch(`${fake.baseUrl}/api/project-credits/${fake.credits[0]!.uuid}/`, {
        method: 'PATCH',
        headers: { Authorization: 'Token test', 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    const tooBig = await patch({ value: '123456789012.5' });
    expect(await tooBig.json()).toEqual({ value: ['Ensure that there are no more than 11 digits before the decimal point.'] });
    const negative = await patch({ grace_coefficient: '-1' });
    expect(await negative.json()).toEqual({ grace_coefficient: ['Ensure this value is greater than or equal to 0.'] });
    expect((await patch({ expected_consumption: '-1.5' })).status).toBe(200);
  });

  it('orders null end dates last ascending and first descending, as PostgreSQL', async () => {
    const { waldur } = setup({ credits: 40 });
    const ascending = await waldur.projectCredits.listAll({ o: 'end_date' });
    const dates = ascending.map((c) => c.end_date);
    const firstNull = dates.indexOf(null);
    expect(firstNull).toBeGreaterThan(0);
    expect(dates.slice(firstNull).every((d) => d === null)).toBe(true);
    expect(dates.slice(0, firstNull)).toEqual([...dates.slice(0, firstNull)].sort());
    const descending = await waldur.projectCredits.listAll({ o: '-end_date' });
    expect(descending[0]!.end_date).toBeNull();
  });
});

describe('MSW handlers', () => {
  it('serve the same fake through the global fetch', async () => {
    const fake = createFakeWaldur({ credits: 12, baseUrl: 'https://msw-fake.test' });
    server.use(...fake.handlers);
    const waldur = createWaldurClient({ baseUrl: fake.baseUrl, token: 'test' });
    expect(await waldur.projectCredits.listAll({ page_size: 5 })).toHaveLength(12);
    expect(fake.requests.map((r) => r.status)).toEqual([200, 200, 200]);
  });
});
