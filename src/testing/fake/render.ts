/**
 * A credit as the server renders it to a user: the profile's fields in the serializer's order,
 * the computed ones (organization amounts, minimal consumption, spendable value) worked out
 * exactly, organization-wide figures hidden from whom the server hides them.
 */
import type { Exact } from './exact.js';
import { compare, exactOf, plus, toPlain } from './exact.js';
import { FIELDS, KNOWN_FIELDS, ORG_FIELDS } from './profiles.js';
import type { FakeWaldurState } from './state.js';
import type { FakeCredit, FakeUser } from './types.js';

/**
 * The credit as the server renders it to this user, in the profile's field order. `allocated`
 * sums an organization's credits (a list passes one that sums each organization once).
 */
export function renderCredit(
  state: FakeWaldurState,
  credit: FakeCredit,
  actor: FakeUser,
  allocated = (customerUuid: string) => state.allocated(customerUuid),
): Record<string, unknown> {
  const org = state.organization(credit.customer_uuid);
  const value = exactOf(credit.value);
  const orgCredit = org?.credit === null || org?.credit === undefined ? undefined : exactOf(org.credit);
  const zero: Exact = { units: 0n, scale: 5 };
  const spendable = !value || !orgCredit ? zero : compare(value, orgCredit) <= 0 ? value : orgCredit;
  const computed: Record<string, () => unknown> = {
    url: () => `${state.baseUrl}/api/project-credits/${credit.uuid}/`,
    project: () => `${state.baseUrl}/api/projects/${credit.project_uuid}/`,
    // ReadOnlyField of a Decimal: DRF's JSON encoder sends float(); capture: GET list (staff).
    customer_credit: () => (orgCredit ? number(state, orgCredit, 5) : null),
    // The aggregate Sum of the organization's project credits, a Decimal sent as float().
    allocated_customer_credit: () => number(state, allocated(credit.customer_uuid), 5),
    consumption_last_month: () => {
      const c = credit.consumption_last_month;
      const e = typeof c === 'number' || typeof c === 'string' ? exactOf(c) : undefined;
      return e ? number(state, e) : (c ?? null);
    },
    offerings: () => (org?.offerings ?? []).map((o) => ({ uuid: o.uuid, url: o.url, type: o.type, name: o.name })),
    minimal_consumption: () => {
      const m = minimalConsumption(credit);
      return m === undefined ? null : m === 0 ? 0 : number(state, m);
    },
    // model: spendable_value = min(value, customer credit) (0 without one), a DecimalField: a string.
    spendable_value: () => toPlain(spendable, 5),
    is_limited_by_organization_credit: () => !!value && compare(spendable, value) < 0,
  };
  const out: Record<string, unknown> = {};
  for (const field of FIELDS[state.profile]) {
    const make = computed[field];
    out[field] = make ? make() : credit[field];
  }
  for (const field of Object.keys(credit)) if (!KNOWN_FIELDS.has(field)) out[field] = credit[field];
  // model: the newer serializer pops organization-wide figures for anyone not staff or owner.
  const hide = state.hideOrganizationFields || (state.profile === 'newer' && !state.owns(actor, credit.customer_uuid));
  if (hide) for (const field of ORG_FIELDS) delete out[field];
  return out;
}

/**
 * A Decimal as DRF's JSON encoder sends it: `float(Decimal)`, the nearest double (JSON.stringify
 * writes its shortest round-trip digits, as Python's json module does, in JavaScript's notation);
 * or the exact decimal string with `decimalsAsStrings`.
 */
function number(state: FakeWaldurState, e: Exact, places?: number): number | string {
  const text = toPlain(e, places !== undefined && e.scale <= places ? places : undefined);
  return state.decimalsAsStrings ? text : Number(text);
}

/** model: BaseCredit.minimal_consumption (0 unless applied; all of it in the end date's month). */
function minimalConsumption(c: FakeCredit): Exact | 0 | undefined {
  if (!c.apply_as_minimal_consumption) return 0;
  const expected = exactOf(c.expected_consumption);
  if (!expected) return undefined;
  const today = new Date();
  const thisMonth = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}`;
  if (typeof c.end_date === 'string' && c.end_date.startsWith(thisMonth)) return expected;
  const grace = exactOf(c.grace_coefficient);
  if (!grace) return undefined;
  // (100 - grace) / 100 * expected, exactly
  const factor = plus({ units: 100n, scale: 0 }, { units: -grace.units, scale: grace.scale });
  return { units: factor.units * expected.units, scale: factor.scale + expected.scale + 2 };
}
