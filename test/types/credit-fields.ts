/**
 * Reading credits, as a strict app writes it (issue 13, item 1). The fields every server version
 * sends (`uuid`, `url`, `value`, `project`, `project_name`, `project_uuid`, `project_slug`) are
 * used as they are: no `?.`, no `!`. Every other field is read with the care its type asks for.
 */
import { createWaldurClient, Decimal, type ProjectCredit } from 'waldur-project-credits';

const waldur = createWaldurClient({ baseUrl: 'https://waldur.example.com', token: 'key' });
const c = await waldur.projectCredits.get('8f2e4b1c9d0a4e6f8a7b6c5d4e3f2a1b');

// ---- Always sent: required.
const shown: string = c.value.toFixed(2);
const doubled: Decimal = c.value.times(2);
const isEmpty: boolean = c.value.isZero();
const uuid: string = c.uuid;
const url: string = c.url;
const project: string = c.project;
const projectName: string = c.project_name.toUpperCase();
const projectUuid: string = c.project_uuid;
const projectSlug: string = c.project_slug;
const link = new URL(c.project); // a project's API URL, e.g. for a link in a table
const row = [c.project_name, c.project_slug, c.value.toFixed(5)].join(',');

// A page, and a whole walk: summed and sorted with the required value.
const page = await waldur.projectCredits.list({ o: '-value' });
const pageTotal: Decimal = page.items.reduce((sum, credit) => sum.plus(credit.value), new Decimal(0));
const all = await waldur.projectCredits.listAll();
const largest = [...all].sort((a, b) => b.value.comparedTo(a.value)).slice(0, 10);
const labels: string[] = largest.map((credit) => `${credit.project_name}: ${credit.value.toFixed(2)}`);
for await (const credit of waldur.projectCredits.list({ customer_uuid: '3c4d5e6f7a8b4c9d8e0f1a2b3c4d5e6f' })) {
  console.log(credit.project_slug, credit.value.toFixed(2));
}

// ---- Optional: absent on some servers or for some users, read safely.
// Hidden from project-level users (absent); `null` when the organization has no credit.
const orgCredit: Decimal | null | undefined = c.customer_credit;
const orgCreditText: string = c.customer_credit === undefined ? 'hidden' : c.customer_credit === null ? 'none' : c.customer_credit.toFixed(2);
// Newer servers only.
const spendable: Decimal | undefined = c.spendable_value;
const spendableText: string = c.spendable_value?.toFixed(2) ?? 'n/a';
const thisMonth: Decimal | null | undefined = c.creditable_cost_this_month;
const thisMonthText: string = c.creditable_cost_this_month?.toFixed(2) ?? '-';
const limited: boolean = c.is_limited_by_organization_credit ?? false;
// Older servers only.
const usesOrganisationCredit: boolean = c.use_organisation_credit === true;
// 8.x fields, absent on older servers.
const logic: string = c.minimal_consumption_logic ?? 'fixed';
const ends: string = c.end_date ?? 'never';
// Fields this version of the SDK does not know: reachable, and `unknown` until checked.
const extraFields: Readonly<Record<string, unknown>> = c.extraFields;
const note: unknown = c.extraFields['note'];
const noteText: string | undefined = typeof c.extraFields['note'] === 'string' ? c.extraFields['note'] : undefined;
const extraNames: string[] = Object.keys(c.extraFields);

// ---- A credit as an app's own tests build it: the always-sent fields are enough.
const minimal: ProjectCredit = {
  uuid: '8f2e4b1c-9d0a-4e6f-8a7b-6c5d4e3f2a1b',
  url: 'https://waldur.example.com/api/project-credits/8f2e4b1c9d0a4e6f8a7b6c5d4e3f2a1b/',
  value: new Decimal('1500'),
  project: 'https://waldur.example.com/api/projects/0a1b2c3d4e5f4a6b8c7d9e0f1a2b3c4d/',
  project_name: 'Genomics',
  project_uuid: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
  project_slug: 'genomics',
  extraFields: {},
};
// What a newer server, an older server and an organization owner see.
const newer: ProjectCredit = {
  ...minimal,
  spendable_value: new Decimal('1200'),
  creditable_cost_this_month: null,
  is_limited_by_organization_credit: true,
};
const older: ProjectCredit = { ...minimal, use_organisation_credit: false };
const owner: ProjectCredit = {
  ...minimal,
  customer_credit: null,
  allocated_customer_credit: new Decimal('1484.66789'),
  consumption_last_month: null,
};

export const used = [
  shown,
  doubled,
  isEmpty,
  uuid,
  url,
  project,
  projectName,
  projectUuid,
  projectSlug,
  link,
  row,
  pageTotal,
  labels,
  orgCredit,
  orgCreditText,
  spendable,
  spendableText,
  thisMonth,
  thisMonthText,
  limited,
  usesOrganisationCredit,
  logic,
  ends,
  extraFields,
  note,
  noteText,
  extraNames,
  newer,
  older,
  owner,
];
