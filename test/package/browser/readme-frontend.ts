/**
 * What the README's "For frontend apps" sample assumes, made real: test/package/browser.test.ts bundles
 * this module with the sample as README.md has it (imports of these names, then the sample's text)
 * and runs it in Chromium. The page gives the fake's address, a token and an organization.
 */
import { createWaldurClient } from 'waldur-project-credits';
import type { ProjectCredit } from 'waldur-project-credits';

const config = new URLSearchParams(location.search);
const $ = (id: string) => document.getElementById(id)!;

// Whatever fails, the test sees it on the page instead of waiting for a render that never comes.
const fail = (error: unknown) => ($('failure').textContent = error instanceof Error ? `${error.name}: ${error.message}` : String(error));
addEventListener('error', (event) => fail(event.error));
addEventListener('unhandledrejection', (event) => fail(event.reason));

export const waldur = createWaldurClient({ baseUrl: config.get('api')!, token: config.get('token')! });
export const customer_uuid = config.get('customer')!;
export const nextButton = $('next') as HTMLButtonElement;

let renders = 0;
/** Shows the credits of a page, one row each (`data-uuid`, the value), and the caption; counts renders. */
export function render(items: readonly ProjectCredit[], caption?: string): void {
  $('credits').replaceChildren(
    ...items.map((credit) => {
      const row = document.createElement('tr');
      row.dataset.uuid = credit.uuid;
      row.insertCell().textContent = credit.value.toFixed(5);
      return row;
    }),
  );
  $('caption').textContent = caption ?? '';
  document.body.dataset.renders = String(++renders);
}
