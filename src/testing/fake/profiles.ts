/**
 * The server profiles (legacy, current, newer): what each renders, accepts and orders by. The
 * fake's own knowledge of Waldur, from its captures and documents (see ./state.ts for the
 * sources), independent of the SDK's.
 */
import { exactOf, toPlain } from './exact.js';
import type { FakeCredit, FakeProfile } from './types.js';

/** Fields in the order the serializer lists them. */
export const FIELDS: Record<FakeProfile, readonly string[]> = {
  // capture: GET list (staff)
  legacy: [
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
  ],
  // 8.0.9: ProjectCredit
  current: [
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
  ],
  // model: ProjectCreditSerializer.Meta.fields of the newer release
  newer: [
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
    'creditable_cost_this_month',
    'spendable_value',
    'is_limited_by_organization_credit',
    'offerings',
    'end_date',
    'expected_consumption',
    'minimal_consumption',
    'minimal_consumption_logic',
    'grace_coefficient',
    'apply_as_minimal_consumption',
    'mark_unused_credit_as_spent_on_project_termination',
  ],
};
/** Every field any profile renders, stored or computed: the rest of a stored credit is extra. */
export const KNOWN_FIELDS: ReadonlySet<string> = new Set([...FIELDS.legacy, ...FIELDS.current, ...FIELDS.newer]);
/** model: ORGANIZATION_SCOPED_FIELDS. */
export const ORG_FIELDS = ['customer_credit', 'allocated_customer_credit', 'offerings'] as const;

/** How DRF parses one writable field. */
export type Writable =
  | { kind: 'decimal'; maxDigits: number; places: number; min0: boolean }
  | { kind: 'project' }
  | { kind: 'date' }
  | { kind: 'choice'; choices: readonly string[] }
  | { kind: 'boolean' };

/** The 8.0.9 serializer's writable fields; the newer profile differs from it in one validator. */
const CURRENT_WRITABLE: ReadonlyArray<readonly [string, Writable]> = [
  ['value', { kind: 'decimal', maxDigits: 16, places: 5, min0: true }],
  ['project', { kind: 'project' }],
  ['end_date', { kind: 'date' }],
  ['expected_consumption', { kind: 'decimal', maxDigits: 16, places: 5, min0: false }],
  ['minimal_consumption_logic', { kind: 'choice', choices: ['fixed', 'linear'] }],
  ['grace_coefficient', { kind: 'decimal', maxDigits: 3, places: 0, min0: false }],
  ['apply_as_minimal_consumption', { kind: 'boolean' }],
  ['mark_unused_credit_as_spent_on_project_termination', { kind: 'boolean' }],
];

/** Writable fields in serializer order (DRF reports errors in this order). Others are ignored, as DRF ignores unknown fields. */
export const WRITABLE: Record<FakeProfile, ReadonlyArray<readonly [string, Writable]>> = {
  // capture: OPTIONS list (max_digits 11, decimal_places 5, min_value 0; use_organisation_credit boolean)
  legacy: [
    ['value', { kind: 'decimal', maxDigits: 11, places: 5, min0: true }],
    ['project', { kind: 'project' }],
    ['use_organisation_credit', { kind: 'boolean' }],
  ],
  // 8.0.9: ProjectCreditRequest (value pattern \d{0,11}.\d{0,5}: max_digits 16)
  current: CURRENT_WRITABLE,
  // model: the newer BaseCredit has MinValueValidator(0) on expected_consumption too
  newer: CURRENT_WRITABLE.map(([field, rule]) =>
    field === 'expected_consumption' ? ([field, { ...rule, min0: true }] as const) : ([field, rule] as const),
  ),
};

type SortKey = (c: FakeCredit) => string | number | null;
/** An amount as a number, the key it is ordered by. */
const money = (text: unknown): number => {
  const e = typeof text === 'string' ? exactOf(text) : undefined;
  return e ? Number(toPlain(e)) : 0;
};
/** Sort keys; `null` sorts as PostgreSQL does: after every value ascending, before them descending. */
export const SORT_KEYS: Record<string, SortKey> = {
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-conversion -- a seed may give project_name: undefined
  project_name: (c) => String(c.project_name).toLowerCase(),
  value: (c) => money(c.value),
  end_date: (c) => c.end_date,
  expected_consumption: (c) => money(c.expected_consumption),
  use_organisation_credit: (c) => (c.use_organisation_credit ? 1 : 0),
};
/** The orderings each profile's filter set declares (capture: GET o=end_date; 8.0.9: ProjectCreditOEnum). */
export const ORDERINGS: Record<FakeProfile, readonly string[]> = {
  legacy: ['project_name', 'value', 'use_organisation_credit'],
  current: ['project_name', 'value', 'end_date', 'expected_consumption'],
  newer: ['project_name', 'value', 'end_date', 'expected_consumption'],
};
