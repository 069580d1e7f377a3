#!/usr/bin/env node
// `npm start`: the SDK doing its job against an embedded fake Waldur (MSW in this process).
// A first version: the fuller walkthrough over a real fake server comes with the testing entry.
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { createWaldurClient } from '../dist/index.js';

const baseUrl = 'https://waldur.test';
const hex = (n) => n.toString(16).padStart(32, '0');
const credits = Array.from({ length: 5 }, (_, i) => ({
  uuid: hex(i + 1),
  url: `${baseUrl}/api/project-credits/${hex(i + 1)}/`,
  value: `${(i + 1) * 1000}.00000`,
  project: `${baseUrl}/api/projects/${hex(100 + i)}/`,
  project_name: `Project ${i + 1}`,
  end_date: null,
}));

const server = setupServer(
  http.get(`${baseUrl}/api/project-credits/`, () =>
    HttpResponse.json(credits, { headers: { 'X-Result-Count': String(credits.length) } }),
  ),
  http.head(`${baseUrl}/api/project-credits/`, () =>
    new HttpResponse(null, { headers: { 'X-Result-Count': String(credits.length) } }),
  ),
);
server.listen({ onUnhandledRequest: 'error' });

const waldur = createWaldurClient({ baseUrl, token: 'demo-token' });
console.log(`Waldur at ${baseUrl} (embedded fake)`);
console.log(`count: ${await waldur.projectCredits.count()}`);
const page = await waldur.projectCredits.list({ page_size: 50 });
for (const c of page.items) {
  console.log(`  ${c.uuid}  ${c.value.toFixed(2).padStart(12)}  ${c.project_name}`);
}
server.close();
