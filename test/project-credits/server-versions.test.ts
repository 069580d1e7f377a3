/**
 * One type model for every real Waldur: a server before 8.x (wire capture of the 2024-10 release),
 * an 8.x server, a newer one, and a project-level user who does not see organization fields. The
 * always-sent fields are required and checked; every other field is optional; a credit read from
 * any of them can be sent back, and only its writable fields go out.
 */
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { createWaldurClient, Decimal, WaldurInputError, WaldurResponseError } from '../../src/index.js';
import type { ProjectCredit } from '../../src/index.js';
import { BASE_URL, CREDIT_HYPHENATED, wireCredit, WRITABLE_FIELDS } from '../support/fixtures.js';
import { recordRequests } from '../support/record.js';
import { server } from '../support/server.js';

/** A credit exactly as the Waldur release of 2024-10 sent it (shared/notes/real-waldur-captures.md, "GET one"). */
const LEGACY_TEXT =
  '{"uuid":"3e10c9849803416f8f63e38ffe010576","url":"http://127.0.0.1:18080/api/project-credits/3e10c9849803416f8f63e38ffe010576/","value":"1234.56789","project":"http://127.0.0.1:18080/api/projects/b78201f974fa45aea392d094110fbc2b/","project_name":"Alpha","project_uuid":"b78201f974fa45aea392d094110fbc2b","project_slug":"alpha-1","use_organisation_credit":true,"customer_credit":10000.0,"allocated_customer_credit":1484.66789,"consumption_last_month":null,"offerings":[]}';
const LEGACY_UUID = '3e10c984-9803-416f-8f63-e38ffe010576';

/** A newer server: the 8.x fields and the three fields Waldur's own frontend reads. */
const newer = (overrides: Record<string, unknown> = {}) =>
  wireCredit({ spendable_value: '1200.50000', creditable_cost_this_month: null, is_limited_by_organization_credit: true, ...overrides });

/** What a project-level user sees: the organization-level fields hidden. */
function projectLevel(): Record<string, unknown> {
  const credit = wireCredit();
  delete credit.customer_credit;
  delete credit.allocated_customer_credit;
  delete credit.offerings;
  return credit;
}

function serveText(text: string) {
  server.use(http.get(`${BASE_URL}/api/project-credits/:uuid/`, () => new HttpResponse(text, { headers: { 'Content-Type': 'application/json' } })));
}

/** Serves `credit` on GET and echoes it on PUT and PATCH; records every request. */
function serveAndEcho(credit: Record<string, unknown>) {
  const seen = recordRequests();
  const answer = () => HttpResponse.json(credit);
  server.use(
    http.get(`${BASE_URL}/api/project-credits/:uuid/`, answer),
    http.put(`${BASE_URL}/api/project-credits/:uuid/`, answer),
    http.patch(`${BASE_URL}/api/project-credits/:uuid/`, answer),
  );
  return seen;
}

const client = () => createWaldurClient({ baseUrl: BASE_URL, token: 'versions-token', maxRetries: 0 });

describe('the always-sent fields are required, and checked on read', () => {
  it.each(['uuid', 'url', 'value', 'project', 'project_name', 'project_uuid', 'project_slug'])(
    'a credit without %s is a WaldurResponseError naming it and saying the server looks incompatible',
    async (field) => {
      const credit = wireCredit();
      delete credit[field];
      server.use(http.get(`${BASE_URL}/api/project-credits/:uuid/`, () => HttpResponse.json(credit)));
      const error = await client()
        .projectCredits.get(CREDIT_HYPHENATED)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WaldurResponseError);
      expect((error as Error).message).toContain(`credit.${field} is missing`);
      expect((error as Error).message).toMatch(/does not look compatible/);
    },
  );

  it('value null is refused (it is money, never absent)', async () => {
    server.use(http.get(`${BASE_URL}/api/project-credits/:uuid/`, () => HttpResponse.json(wireCredit({ value: null }))));
    await expect(client().projectCredits.get(CREDIT_HYPHENATED)).rejects.toThrow(/credit\.value is null, not a decimal/);
  });

  it('a list item without a required field names its index', async () => {
    const broken = wireCredit();
    delete broken.project_slug;
    server.use(http.get(`${BASE_URL}/api/project-credits/`, () => HttpResponse.json([wireCredit(), broken])));
    await expect(client().projectCredits.list()).rejects.toThrow(/items\.1\.project_slug is missing/);
  });
});

describe('every server version reads', () => {
  it('a server before 8.x (wire capture): required fields there, 8.x fields absent, use_organisation_credit and JSON-number amounts exact', async () => {
    serveText(LEGACY_TEXT);
    const credit = await client().projectCredits.get(LEGACY_UUID);
    expect(credit.value.toFixed(2)).toBe('1234.57');
    expect(credit.use_organisation_credit).toBe(true);
    expect(credit.customer_credit!.toFixed(5)).toBe('10000.00000');
    expect(credit.allocated_customer_credit!.toFixed()).toBe('1484.66789');
    expect(credit.consumption_last_month).toBeNull();
    expect(credit.offerings).toEqual([]);
    for (const field of ['customer_uuid', 'end_date', 'expected_consumption', 'minimal_consumption_logic', 'spendable_value']) {
      expect(field in credit, field).toBe(false);
    }
    expect(credit.extraFields).toEqual({});
  });

  it('a newer server: spendable_value, creditable_cost_this_month and is_limited_by_organization_credit are typed', async () => {
    server.use(http.get(`${BASE_URL}/api/project-credits/:uuid/`, () => HttpResponse.json(newer({ creditable_cost_this_month: '17.25000' }))));
    const credit = await client().projectCredits.get(CREDIT_HYPHENATED);
    expect(credit.spendable_value).toBeInstanceOf(Decimal);
    expect(credit.spendable_value!.toFixed(2)).toBe('1200.50');
    expect(credit.creditable_cost_this_month!.toFixed()).toBe('17.25');
    expect(credit.is_limited_by_organization_credit).toBe(true);
    expect(credit.extraFields).toEqual({});
  });

  it('creditable_cost_this_month null reads as null; a wrongly typed newer field is refused by name', async () => {
    server.use(http.get(`${BASE_URL}/api/project-credits/:uuid/`, () => HttpResponse.json(newer())));
    expect((await client().projectCredits.get(CREDIT_HYPHENATED)).creditable_cost_this_month).toBeNull();
    server.use(http.get(`${BASE_URL}/api/project-credits/:uuid/`, () => HttpResponse.json(newer({ is_limited_by_organization_credit: 'yes' }))));
    await expect(client().projectCredits.get(CREDIT_HYPHENATED)).rejects.toThrow(/is_limited_by_organization_credit is "yes", not a boolean/);
  });

  it('a project-level user: organization fields absent, the rest as usual', async () => {
    server.use(http.get(`${BASE_URL}/api/project-credits/:uuid/`, () => HttpResponse.json(projectLevel())));
    const credit = await client().projectCredits.get(CREDIT_HYPHENATED);
    expect('customer_credit' in credit || 'allocated_customer_credit' in credit || 'offerings' in credit).toBe(false);
    expect(credit.value.toFixed(2)).toBe('1500.00');
  });
});

describe('a credit read from any server can be sent back', () => {
  it.each([
    ['before 8.x', JSON.parse(LEGACY_TEXT) as Record<string, unknown>],
    ['8.x', wireCredit()],
    ['newer, with a field this SDK does not know', newer({ carbon_budget: { kg: 12 } })],
    ['a project-level user', projectLevel()],
  ])('%s: update(c.uuid, c) and patch(c.uuid, c) send its writable fields only', async (_name, wire) => {
    const seen = serveAndEcho(wire);
    const waldur = client();
    const credit: ProjectCredit = await waldur.projectCredits.get(String(wire.uuid));
    await waldur.projectCredits.update(credit.uuid, credit);
    await waldur.projectCredits.patch(credit.uuid, credit);
    for (const request of seen.slice(1)) {
      const body = (await request.body) as Record<string, unknown>;
      expect(
        Object.keys(body).every((key) => WRITABLE_FIELDS.includes(key)),
        Object.keys(body).join(),
      ).toBe(true);
      // Every writable field the server sent goes back, with its value unchanged.
      for (const key of WRITABLE_FIELDS) expect(key in body, key).toBe(key in wire);
      expect(body.value).toBe(credit.value.toFixed());
      expect(body.project).toBe(`${BASE_URL}/api/projects/${credit.project_uuid}/`);
    }
  });

  it('an enum value the server sent may be sent back; the same value typed by hand to a client that never read it is refused', async () => {
    const seen = serveAndEcho(wireCredit({ minimal_consumption_logic: 'stepwise' }));
    const waldur = client();
    const credit = await waldur.projectCredits.get(CREDIT_HYPHENATED);
    await waldur.projectCredits.patch(credit.uuid, { minimal_consumption_logic: credit.minimal_consumption_logic });
    expect(await seen[1]!.body).toEqual({ minimal_consumption_logic: 'stepwise' });

    const fresh = client();
    const error = await fresh.projectCredits.patch(credit.uuid, { minimal_consumption_logic: 'stepwise' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaldurInputError);
    expect((error as WaldurInputError).field).toBe('minimal_consumption_logic');
    const typo = await waldur.projectCredits.patch(credit.uuid, { minimal_consumption_logic: 'linaer' }).catch((e: unknown) => e);
    expect((typo as WaldurInputError).message).toMatch(/expected "fixed" or "linear" \(or a value this server sent: "stepwise"\), got "linaer"/);
    expect(seen).toHaveLength(2);
  });

  it('use_organisation_credit (servers before 8.x) is writable and must be a boolean', async () => {
    const seen = serveAndEcho(JSON.parse(LEGACY_TEXT) as Record<string, unknown>);
    const waldur = client();
    await waldur.projectCredits.patch(LEGACY_UUID, { use_organisation_credit: false });
    expect(await seen[0]!.body).toEqual({ use_organisation_credit: false });
    await expect(waldur.projectCredits.patch(LEGACY_UUID, { use_organisation_credit: 'no' as never })).rejects.toBeInstanceOf(WaldurInputError);
    expect(seen).toHaveLength(1);
  });
});

describe('undefined is accepted for every optional field and never sent', () => {
  it('patch with undefined fields sends only the defined ones', async () => {
    const seen = serveAndEcho(wireCredit());
    const fromForm: string | undefined = undefined;
    await client().projectCredits.patch(CREDIT_HYPHENATED, { value: fromForm, end_date: undefined, grace_coefficient: 3 });
    expect(await seen[0]!.body).toEqual({ grace_coefficient: '3' });
  });

  it('create with undefined optional fields sends project only', async () => {
    const seen = recordRequests();
    server.use(http.post(`${BASE_URL}/api/project-credits/`, () => HttpResponse.json(wireCredit(), { status: 201 })));
    await client().projectCredits.create({ project: CREDIT_HYPHENATED, value: undefined, minimal_consumption_logic: undefined });
    expect(Object.keys((await seen[0]!.body) as object)).toEqual(['project']);
  });

  it('list, count and listAll with undefined filters and options send no such parameter', async () => {
    const seen = recordRequests();
    server.use(
      http.get(`${BASE_URL}/api/project-credits/`, () => HttpResponse.json([wireCredit()], { headers: { 'X-Result-Count': '1' } })),
      http.head(`${BASE_URL}/api/project-credits/`, () => new HttpResponse(null, { headers: { 'X-Result-Count': '1' } })),
    );
    const waldur = client();
    const filters = { customer_uuid: undefined, project_uuid: undefined, o: undefined, page_size: undefined, query: undefined };
    await waldur.projectCredits.list(filters, { concurrency: undefined, signal: undefined });
    await waldur.projectCredits.count(filters, { timeoutMs: undefined });
    await waldur.projectCredits.listAll(filters, { limit: undefined, onProgress: undefined });
    for (const request of seen) {
      const names = [...request.url.searchParams.keys()];
      expect(
        names.every((name) => name === 'page' || name === 'page_size'),
        names.join(),
      ).toBe(true);
    }
    expect(seen).toHaveLength(3);
  });
});
