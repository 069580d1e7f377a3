/** Reading credits as real Waldur servers send them: liberal in what is accepted, exact in value. */
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { createWaldurClient, Decimal, WaldurResponseError } from '../../src/index.js';
import { BASE_URL, CREDIT_HEX, CREDIT_HYPHENATED, CUSTOMER_HEX, PROJECT_HYPHENATED, wireCredit } from '../support/fixtures.js';
import { server } from '../support/server.js';

const waldur = createWaldurClient({ baseUrl: BASE_URL, token: 'read-token' });

function serve(body: unknown, init?: ResponseInit) {
  server.use(http.get(`${BASE_URL}/api/project-credits/:uuid/`, () => HttpResponse.json(body as never, init)));
}

describe('reading a credit', () => {
  it('turns decimal strings into exact Decimals and hex UUIDs into canonical ones', async () => {
    serve(wireCredit({ value: '12345678901.12345', customer_credit: '0.00001' }));
    const credit = await waldur.projectCredits.get(CREDIT_HEX);
    expect(credit.value).toBeInstanceOf(Decimal);
    expect(credit.value.toFixed()).toBe('12345678901.12345');
    expect(credit.customer_credit!.toFixed()).toBe('0.00001');
    expect(credit.uuid).toBe(CREDIT_HYPHENATED);
    expect(credit.project_uuid).toBe(PROJECT_HYPHENATED);
    expect(credit.customer_uuid).toBe('a9b8c7d6-e5f4-4321-b0a9-f8e7d6c5b4a3');
    expect(credit.offerings![0]!.uuid).toBe('11112222-3333-4444-5555-666677778888');
  });

  it('never goes through a float for decimal strings (digits a double would lose stay)', async () => {
    serve(wireCredit({ value: '99999999999.99999', expected_consumption: '0.30000' }));
    const credit = await waldur.projectCredits.get(CREDIT_HEX);
    expect(credit.value.toFixed()).toBe('99999999999.99999');
    expect(String(Number('99999999999.99999'))).not.toBe('99999999999.99999');
    expect(credit.expected_consumption!.equals('0.3')).toBe(true);
  });

  it('accepts the "number (double)" fields as strings, numbers or null', async () => {
    serve(wireCredit({ allocated_customer_credit: '0.06000', consumption_last_month: 17.25, minimal_consumption: null }));
    const credit = await waldur.projectCredits.get(CREDIT_HEX);
    expect(credit.allocated_customer_credit!.toFixed()).toBe('0.06');
    expect(credit.consumption_last_month!.toFixed()).toBe('17.25');
    expect(credit.minimal_consumption).toBeNull();
  });

  it('reads consumption_last_month of -123456.1234567891 (16 significant digits, a JSON number) as that decimal', async () => {
    // Waldur: −Σ unit_price (22 digits, 10 places), written by DRF's encoder as float(Decimal).
    const { consumption_last_month: _, ...rest } = wireCredit();
    const text = `${JSON.stringify(rest).slice(0, -1)}, "consumption_last_month": -123456.1234567891}`;
    const headers = { 'Content-Type': 'application/json' };
    server.use(
      http.get(`${BASE_URL}/api/project-credits/:uuid/`, () => new HttpResponse(text, { headers })),
      http.get(`${BASE_URL}/api/project-credits/`, () => new HttpResponse(`[${text}]`, { headers })),
    );
    const credit = await waldur.projectCredits.get(CREDIT_HEX);
    expect(credit.consumption_last_month).toBeInstanceOf(Decimal);
    expect(credit.consumption_last_month!.toFixed()).toBe('-123456.1234567891');
    const page = await waldur.projectCredits.list();
    expect(page.items[0]!.consumption_last_month!.toFixed()).toBe('-123456.1234567891');
  });

  it('accepts hyphenated and upper-case UUIDs from the server too', async () => {
    serve(wireCredit({ uuid: CREDIT_HYPHENATED.toUpperCase(), customer_uuid: CUSTOMER_HEX.toUpperCase() }));
    const credit = await waldur.projectCredits.get(CREDIT_HYPHENATED);
    expect(credit.uuid).toBe(CREDIT_HYPHENATED);
    expect(credit.customer_uuid).toBe('a9b8c7d6-e5f4-4321-b0a9-f8e7d6c5b4a3');
  });

  it('leaves hidden organization-level fields absent instead of failing', async () => {
    const hidden = wireCredit();
    for (const field of ['customer_credit', 'allocated_customer_credit', 'customer_name', 'customer_slug', 'customer_uuid', 'offerings']) {
      delete hidden[field];
    }
    serve(hidden);
    const credit = await waldur.projectCredits.get(CREDIT_HEX);
    expect('customer_credit' in credit).toBe(false);
    expect('offerings' in credit).toBe(false);
    expect(credit.value.toFixed()).toBe('1500');
  });

  it('keeps fields and enum values of newer servers unchanged', async () => {
    serve(
      wireCredit({
        minimal_consumption_logic: 'stepwise',
        carbon_budget: { unit: 'kg', amount: '12.5' },
        offerings: [{ uuid: CUSTOMER_HEX, name: 'x', state: 'Active', tags: ['a'] }],
      }),
    );
    const credit = await waldur.projectCredits.get(CREDIT_HEX);
    expect(credit.minimal_consumption_logic).toBe('stepwise');
    expect(credit.extraFields.carbon_budget).toEqual({ unit: 'kg', amount: '12.5' });
    expect(credit.offerings).toEqual([{ uuid: 'a9b8c7d6-e5f4-4321-b0a9-f8e7d6c5b4a3', name: 'x', extraFields: { state: 'Active', tags: ['a'] } }]);
  });

  it('reads a null end_date as null and a date as its string', async () => {
    serve(wireCredit({ end_date: null }));
    expect((await waldur.projectCredits.get(CREDIT_HEX)).end_date).toBeNull();
    serve(wireCredit({ end_date: '2027-01-31' }));
    expect((await waldur.projectCredits.get(CREDIT_HEX)).end_date).toBe('2027-01-31');
  });

  it.each([
    ['a body that is not an object', ['not', 'a', 'credit'], /credit is an array, not an object/],
    ['a missing uuid', wireCredit({ uuid: undefined }), /credit\.uuid is missing/],
    ['a uuid that is not one', wireCredit({ uuid: 'zzz' }), /credit\.uuid is "zzz", not a UUID/],
    ['a value that is not a decimal', wireCredit({ value: 'lots' }), /credit\.value is "lots", not a decimal/],
    ['a value that is an object', wireCredit({ value: { amount: 1 } }), /credit\.value is object, not a decimal/],
    ['a boolean that is a string', wireCredit({ apply_as_minimal_consumption: 'yes' }), /not a boolean/],
    ['offerings that are not a list', wireCredit({ offerings: 'none' }), /credit\.offerings is "none", not an array/],
  ])('refuses %s with a WaldurResponseError naming the field', async (_name, body, message) => {
    serve(body);
    const error = await waldur.projectCredits.get(CREDIT_HEX).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaldurResponseError);
    expect((error as WaldurResponseError).message).toMatch(message);
    expect((error as WaldurResponseError).status).toBe(200);
  });
});
