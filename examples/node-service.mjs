#!/usr/bin/env node
// A Node service serving two tenants from one process: one client per tenant (each with its own
// base URL and token; clients share no state), retries and timeouts set for a service, and a
// logging hook. Runs against two embedded fake Waldurs.
//
//   node examples/node-service.mjs
import { createWaldurClient, Decimal, WaldurApiError, WaldurError } from 'waldur-project-credits';
import { createFakeWaldur } from 'waldur-project-credits/testing';

const tenants = {
  tartu: createFakeWaldur({ baseUrl: 'https://waldur.tartu.test', token: 'tartu-key', credits: 40, seed: 1 }),
  tallinn: createFakeWaldur({ baseUrl: 'https://waldur.tallinn.test', token: 'tallinn-key', credits: 25, seed: 2 }),
};
const tokens = { tartu: 'tartu-key', tallinn: 'tallinn-key' }; // in real life: from your secret store

// One client per tenant, made once and reused for every request of that tenant.
const clients = Object.fromEntries(
  Object.entries(tenants).map(([name, fake]) => [
    name,
    createWaldurClient({
      baseUrl: fake.baseUrl,
      token: async () => tokens[name], // asked before every attempt: rotation needs no restart
      fetch: fake.fetch,
      timeoutMs: 5_000, // per attempt
      maxRetries: 3, // GET/HEAD/PUT/DELETE only; POST and PATCH are never re-sent
      onResponse: (e) =>
        console.log(
          `[${name}] ${e.method} ${new URL(e.url).pathname} → ${e.status ?? e.error?.name} in ${e.durationMs} ms${e.retryInMs === undefined ? '' : `, retry in ${e.retryInMs} ms`}`,
        ),
    }),
  ]),
);

/** What the service answers for one tenant: totals computed exactly. */
async function summary(tenant) {
  const credits = await clients[tenant].projectCredits.listAll({ page_size: 50 });
  const total = credits.reduce((sum, c) => sum.plus(c.value), new Decimal(0));
  return { tenant, credits: credits.length, total: total.toFixed(2) };
}

try {
  const results = await Promise.all([summary('tartu'), summary('tallinn')]);
  for (const r of results) console.log(`${r.tenant}: ${r.credits} credits, ${r.total} allocated`);
} catch (error) {
  // Every failure is a WaldurError; API errors carry the status and DRF's messages.
  if (error instanceof WaldurApiError) console.error(`Waldur said ${error.status}: ${error.detail ?? JSON.stringify(error.fieldErrors)}`);
  else if (error instanceof WaldurError) console.error(error.message);
  throw error;
}
