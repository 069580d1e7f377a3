/**
 * A small frontend page for the real-browser test: bundled from the SDK's built ESM entry, it
 * talks to the fake Waldur's HTTP server on another origin (CORS), the way an app would.
 */
import { createWaldurClient, Decimal, WaldurInputError, WaldurNotFoundError } from 'waldur-project-credits';

declare global {
  interface Window {
    WALDUR: { baseUrl: string; token: string };
  }
}

const $ = (id: string) => document.getElementById(id)!;
const show = (id: string, text: string) => ($(id).textContent = text);

async function main() {
  const waldur = createWaldurClient({ baseUrl: window.WALDUR.baseUrl, token: window.WALDUR.token });
  const progress: string[] = [];
  const first = await waldur.projectCredits.list({ o: '-value', page_size: 10 });
  show('total', String(first.total));
  show('has-next', String(first.hasNextPage()));
  const all = await waldur.projectCredits.listAll(
    { o: '-value', page_size: 10 },
    { onProgress: ({ fetched, total }) => progress.push(`${fetched}/${total ?? '?'}`) },
  );
  show('walked', String(all.length));
  show('progress', progress.join(' '));
  show('unique', String(new Set(all.map((c) => c.uuid)).size));
  const sum = all.reduce((acc, c) => acc.plus(c.value), new Decimal(0));
  show('sum', sum.toFixed(5));
  const rows = first.items.map((c) => `<tr><td>${c.project_name}</td><td class="value">${c.value.toFixed(5)}</td><td>${c.end_date ?? '—'}</td></tr>`);
  $('credits').innerHTML = `<tr><th>project</th><th>value</th><th>end date</th></tr>${rows.join('')}`;

  const made = await waldur.projectCredits.create({ project: 'c0ffee00c0ffee004c0f8e00c0ffee00', value: '0.10000', end_date: '2028-02-29' });
  show('created', `${made.uuid} ${made.value.toFixed(5)} ${made.end_date}`);
  const patched = await waldur.projectCredits.patch(made.uuid, { value: new Decimal('99999999999.99999') });
  show('patched', patched.value.toFixed(5));
  await waldur.projectCredits.delete(made.uuid);
  try {
    await waldur.projectCredits.get(made.uuid);
  } catch (error) {
    show('missing', error instanceof WaldurNotFoundError ? `${error.name} ${error.status}` : String(error));
  }
  try {
    await waldur.projectCredits.create({ project: made.project_uuid, value: 0.1 + 0.2 });
  } catch (error) {
    show('bad-input', error instanceof WaldurInputError ? `${error.name} ${error.field}` : String(error));
  }
  show('count-after', String(await waldur.projectCredits.count().catch((e: unknown) => (e instanceof Error ? e.name : String(e)))));
}

main()
  .catch((error: unknown) => show('failure', error instanceof Error ? `${error.name}: ${error.message}` : String(error)))
  .finally(() => (document.body.dataset.done = 'true'));
