/**
 * The control: consumer code that is correct against every version of the types, before and
 * after issue 13. When this file fails to compile, the harness is broken (resolution of the
 * package through its `exports`, dist/ missing, a compiler option), not the SDK's types.
 */
import { createWaldurClient, Decimal, WaldurApiError, WaldurInputError, type Page, type ProjectCredit } from 'waldur-project-credits';
import { createFakeWaldur, type FakeWaldur } from 'waldur-project-credits/testing';

const fake: FakeWaldur = createFakeWaldur({ credits: 25, token: 'test' });
const waldur = createWaldurClient({ baseUrl: fake.baseUrl, token: () => 'test', fetch: fake.fetch, tokenType: 'Token' });

const page: Page = await waldur.projectCredits.list({ o: ['-value', 'end_date'], page_size: 10 });
const first: ProjectCredit | undefined = page.items[0]; // noUncheckedIndexedAccess: an index may be out of range
const uuid: string | undefined = first?.uuid;
const sum: Decimal = page.items.reduce((s, c) => s.plus(c.value ?? 0), new Decimal(0));
const count: number = await waldur.projectCredits.count({ customer_name: 'Tartu' });

try {
  await waldur.projectCredits.get('not-a-uuid', { timeoutMs: 1_000, maxRetries: 0 });
} catch (error) {
  if (error instanceof WaldurInputError) console.log(error.field, error.reason);
  else if (error instanceof WaldurApiError) console.log(error.status, error.detail);
}
export const shown = `${uuid ?? '-'} ${sum.toFixed(2)} ${count} ${fake.requests.length}`;
