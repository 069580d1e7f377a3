// A credits page for a frontend app: one page at a time, exact money, a typed error shown as such.
// The Waldur server must allow this page's origin by CORS and expose Link and X-Result-Count.
import { createWaldurClient, WaldurAuthenticationError, WaldurError } from 'waldur-project-credits';

const config = new URLSearchParams(location.search);
const waldur = createWaldurClient({ baseUrl: config.get('api') ?? 'https://waldur.example.com', token: config.get('token') ?? '' });
const status = document.getElementById('status');
const table = document.getElementById('credits');
const more = document.getElementById('more');

function render(page) {
  table.innerHTML = '<tr><th>Project</th><th>Organization</th><th>Value</th><th>Ends</th></tr>';
  for (const credit of page.items) {
    const row = table.insertRow();
    row.insertCell().textContent = credit.project_name ?? '';
    row.insertCell().textContent = credit.customer_name ?? '';
    const money = row.insertCell();
    money.className = 'money';
    money.textContent = credit.value.toFixed(2); // a Decimal: exact, rounded only for display
    row.insertCell().textContent = credit.end_date ?? 'no end';
  }
  status.textContent = `Page ${page.page} of ${page.lastPage ?? '?'}, ${page.total ?? 'unknown'} credits`;
  more.hidden = !page.hasNextPage();
  more.onclick = async () => render(await page.getNextPage());
}

try {
  render(await waldur.projectCredits.list({ o: ['-value'], page_size: 20 }));
} catch (error) {
  status.textContent =
    error instanceof WaldurAuthenticationError ? 'Please sign in again.' : error instanceof WaldurError ? error.message : String(error);
}
document.body.dataset.ready = 'true';
