/**
 * Contract test (issue 13, item 5): every request shape the SDK can send is valid against
 * Waldur's PUBLISHED OpenAPI document (test/fixtures/waldur-8.0.9-project-credits.yaml, copied
 * verbatim), as judged by Prism serving that document on 127.0.0.1 (test/support/prism.ts).
 *
 * What is checked is the REQUEST. A recording `fetch` notes each answer; Prism refuses an invalid
 * request with a 422 listing the violations (400/401/404/405 would be refusals too), and lists
 * request warnings in an `sl-violations` header: neither may happen. Prism's answers to valid
 * requests are placeholders derived from the schemas (`"value": "string"`), which the SDK rightly
 * refuses to read: after an accepted request, the call may still fail, but only with a
 * `WaldurResponseError`.
 *
 * Run alone: `npx vitest run test/project-credits/prism.test.ts`.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWaldurClient, Decimal, WaldurResponseError } from '../../src/index.js';
import type { ProjectCreditInput, ProjectCreditPatch, ProjectCreditQuery, WaldurClient } from '../../src/index.js';
import { CREDIT_HEX, CUSTOMER_HEX, PROJECT_HEX } from '../support/fixtures.js';
import { PROCESS_TEST_TIMEOUT_MS } from '../support/processes.js';
import { startPrism } from '../support/prism.js';
import type { PrismServer } from '../support/prism.js';

const DOCUMENT = fileURLToPath(new URL('../fixtures/waldur-8.0.9-project-credits.yaml', import.meta.url));
const TOKEN = 'prism-token';

/** Answers by which Prism refuses a request. */
const REFUSALS = new Set([400, 401, 404, 405, 422]);

/** A violation as Prism reports it (in a 422 body, or in the `sl-violations` header). */
interface Violation {
  location: string[];
  severity: string;
  code?: string | number;
  message: string;
}

/** One request the SDK sent, and Prism's verdict. */
interface Exchange {
  method: string;
  url: string;
  body: string;
  status: number;
  /** Violations of the request: a refusal's list, or the request entries of `sl-violations`. */
  violations: Violation[];
  /** A refusal's body as Prism sent it. */
  problem?: string;
  /** Set when the violations were read by sending the same request as a GET. */
  note?: string;
}

let prism: PrismServer;
let waldur: WaldurClient;
const exchanges: Exchange[] = [];

/** `fetch` that records every request and Prism's verdict on it; what it returns is Prism's answer, untouched. */
const recordingFetch: typeof fetch = async (input, init) => {
  const request = new Request(input, init);
  const body = request.body ? await request.clone().text() : '';
  const response = await globalThis.fetch(request);
  const exchange: Exchange = { method: request.method, url: request.url, body, status: response.status, violations: [] };
  const flagged = parseViolations(response.headers.get('sl-violations')).filter((v) => v.location[0] === 'request');
  exchange.violations.push(...flagged);
  if (REFUSALS.has(response.status)) {
    let problem = await response.clone().text();
    if (request.method === 'HEAD' && problem === '') {
      // A HEAD answer has no body: ask again as a GET, which has the same parameters in the document.
      problem = await (await globalThis.fetch(request.url, { headers: request.headers })).text();
      exchange.note = 'violations read by sending the same URL as GET (a HEAD answer has no body)';
    }
    exchange.problem = problem;
    exchange.violations.push(...parseProblem(problem));
  }
  exchanges.push(exchange);
  return response;
};

function parseViolations(header: string | null): Violation[] {
  if (!header) return [];
  try {
    const list: unknown = JSON.parse(header);
    return Array.isArray(list) ? (list as Violation[]) : [];
  } catch {
    return [{ location: ['sl-violations'], severity: 'Error', message: header }];
  }
}

function parseProblem(text: string): Violation[] {
  try {
    const problem = JSON.parse(text) as { validation?: Violation[] };
    return problem.validation ?? [];
  } catch {
    return [];
  }
}

function report(x: Exchange): string {
  const lines = [`${x.method} ${x.url} -> ${x.status}`];
  if (x.body) lines.push(`  request body: ${x.body}`);
  for (const v of x.violations) lines.push(`  ${v.severity} at ${v.location.join('.')}: ${v.message}`);
  if (x.note) lines.push(`  (${x.note})`);
  if (x.problem !== undefined && x.violations.length === 0) lines.push(`  Prism's answer: ${x.problem}`);
  return lines.join('\n');
}

/**
 * Runs one SDK call and checks the request it sent: exactly one request (no retries), neither
 * refused by Prism nor flagged; and if the call failed, only because of Prism's placeholder answer.
 */
async function expectAccepted(call: () => Promise<unknown>): Promise<void> {
  const from = exchanges.length;
  let failure: { error: unknown } | undefined;
  try {
    await call();
  } catch (error) {
    failure = { error };
  }
  const sent = exchanges.slice(from);
  if (sent.length === 0) expect.fail(`no request was sent${failure ? `; the call threw ${String(failure.error)}` : ''}`);
  const refused = sent.filter((x) => REFUSALS.has(x.status) || x.violations.length > 0);
  if (refused.length > 0) {
    expect.fail(`Prism refused the request (it does not fit the published document):\n${refused.map(report).join('\n')}`);
  }
  expect(sent, 'maxRetries is 0: one request per call').toHaveLength(1);
  if (failure) {
    // Prism accepted the request; its placeholder answer may be unreadable, and nothing else may go wrong.
    expect(failure.error, `after ${report(sent[0]!)}`).toBeInstanceOf(WaldurResponseError);
  }
}

beforeAll(async () => {
  prism = await startPrism(DOCUMENT);
  waldur = createWaldurClient({ baseUrl: prism.origin, token: TOKEN, maxRetries: 0, fetch: recordingFetch });
}, PROCESS_TEST_TIMEOUT_MS);

afterAll(async () => {
  await (prism as PrismServer | undefined)?.stop(); // unset if beforeAll failed
}, PROCESS_TEST_TIMEOUT_MS);

// ---------------------------------------------------------------------------------------------
// Inputs

const hyphenatedUpper = (hex: string) =>
  `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`.toUpperCase();

/** Every form of UUID the SDK accepts from a caller. */
const UUID_FORMS = [
  { form: '32 hex digits', credit: CREDIT_HEX, project: PROJECT_HEX, customer: CUSTOMER_HEX },
  {
    form: 'hyphenated upper case',
    credit: hyphenatedUpper(CREDIT_HEX),
    project: hyphenatedUpper(PROJECT_HEX),
    customer: hyphenatedUpper(CUSTOMER_HEX),
  },
];

/** Every writable field, with the values of one credit … */
const ALL_FIELDS: Omit<ProjectCreditInput, 'project'> = {
  value: '1500.12345',
  end_date: '2027-06-30',
  expected_consumption: '-250.5',
  minimal_consumption_logic: 'linear',
  grace_coefficient: '10',
  apply_as_minimal_consumption: true,
  mark_unused_credit_as_spent_on_project_termination: false,
};

/** … and of another: the other enum value and booleans, a null end date, the extreme amounts, a Decimal and a number as input. */
const OTHER_FIELDS: Omit<ProjectCreditInput, 'project'> = {
  value: new Decimal('0'),
  end_date: null,
  expected_consumption: '-99999999999.99999',
  minimal_consumption_logic: 'fixed',
  grace_coefficient: 999,
  apply_as_minimal_consumption: false,
  mark_unused_credit_as_spent_on_project_termination: true,
};

/** One field at a time, as `patch` sends it. */
const SINGLE_FIELD_PATCHES: [string, (project: string) => ProjectCreditPatch][] = [
  ['value', () => ({ value: '42.5' })],
  ['project', (project) => ({ project })],
  ['end_date (a date)', () => ({ end_date: '2027-12-31' })],
  ['end_date (null)', () => ({ end_date: null })],
  ['expected_consumption (negative)', () => ({ expected_consumption: '-0.00001' })],
  ['minimal_consumption_logic', () => ({ minimal_consumption_logic: 'fixed' })],
  ['grace_coefficient', () => ({ grace_coefficient: '0' })],
  ['apply_as_minimal_consumption', () => ({ apply_as_minimal_consumption: false })],
  ['mark_unused_credit_as_spent_on_project_termination', () => ({ mark_unused_credit_as_spent_on_project_termination: true })],
];

/** Filters that carry no UUID, one at a time. */
const PLAIN_FILTERS: [string, ProjectCreditQuery][] = [
  ['no filter', {}],
  ['customer_name', { customer_name: 'University of Tartu' }],
  ['customer_slug', { customer_slug: 'ut' }],
  ['project_name', { project_name: 'Genome assembly' }],
  ['query', { query: 'genome & co/100%' }],
  ['o (one value)', { o: '-value' }],
  ['o (one value in a list)', { o: ['project_name'] }],
  ['o (several values)', { o: ['-end_date', 'expected_consumption', 'project_name', '-value'] }],
  ['page', { page: 3 }],
  ['page_size', { page_size: 300 }],
];

/** Filters that carry a UUID, alone and with every other filter. */
const uuidFilters = (ids: (typeof UUID_FORMS)[number]): [string, ProjectCreditQuery][] => [
  ['customer_uuid', { customer_uuid: ids.customer }],
  ['project_uuid', { project_uuid: ids.project }],
  [
    'every filter at once',
    {
      customer_name: 'University of Tartu',
      customer_slug: 'ut',
      customer_uuid: ids.customer,
      project_name: 'Genome assembly',
      project_uuid: ids.project,
      query: 'genome',
      o: ['-value', 'end_date'],
      page: 2,
      page_size: 50,
    },
  ],
];

// ---------------------------------------------------------------------------------------------
// The harness itself

describe('the harness', () => {
  const headers = { Authorization: `Token ${TOKEN}` };
  const item = (uuid: string) => `${prism.origin}/api/project-credits/${uuid}/`;

  it('Prism listens on 127.0.0.1', () => {
    expect(new URL(prism.origin).hostname).toBe('127.0.0.1');
  });

  it('accepts a valid request by hand: GET with a hyphenated UUID', async () => {
    const response = await fetch(item('8f2e4b1c-9d0a-4e6f-8a7b-6c5d4e3f2a1b'), { headers });
    expect(response.status).toBe(200);
    expect(parseViolations(response.headers.get('sl-violations')).filter((v) => v.location[0] === 'request')).toEqual([]);
  });

  it('accepts a valid request by hand: HEAD with hyphenated UUID filters', async () => {
    const query = 'customer_uuid=a9b8c7d6-e5f4-4321-b0a9-f8e7d6c5b4a3&project_uuid=0c1d2e3f-4051-4a6b-8c7d-9e0f1a2b3c4d&o=-value,end_date';
    const response = await fetch(`${prism.origin}/api/project-credits/?${query}`, { method: 'HEAD', headers });
    expect(response.status).toBe(200);
  });

  it('refuses a request without Authorization (401): security is checked', async () => {
    expect((await fetch(item('8f2e4b1c-9d0a-4e6f-8a7b-6c5d4e3f2a1b'))).status).toBe(401);
  });

  it('refuses an invalid request with a 422 listing the violation, and the check reports it', async () => {
    await expect(expectAccepted(() => recordingFetch(item('8f2e4b1c9d0a4e6f8a7b6c5d4e3f2a1b'), { headers }))).rejects.toThrow(
      /GET \S+ -> 422\n {2}Error at path\.uuid: Request path parameter uuid must match format "uuid"/,
    );
  });

  it('reports the violations of a refused HEAD too (read again as a GET)', async () => {
    const url = `${prism.origin}/api/project-credits/?customer_uuid=a9b8c7d6e5f44321b0a9f8e7d6c5b4a3`;
    await expect(expectAccepted(() => recordingFetch(url, { method: 'HEAD', headers }))).rejects.toThrow(
      /HEAD \S+ -> 422\n {2}Error at query\.customer_uuid: Request query parameter customer_uuid must match format "uuid"/,
    );
  });

  it('refuses a body that breaks the document (required project, decimal pattern)', async () => {
    const post = () =>
      recordingFetch(`${prism.origin}/api/project-credits/`, {
        method: 'POST',
        headers: { ...headers, 'Content-Type': 'application/json' },
        body: JSON.stringify({ value: '1e3' }),
      });
    await expect(expectAccepted(post)).rejects.toThrow(
      /required property 'project'[\s\S]*body\.value: Request body property value must match pattern/,
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Every request the SDK sends

describe('filters without a UUID: count (HEAD) and list (GET)', () => {
  it.each(PLAIN_FILTERS)('count, %s', (_, query) => expectAccepted(() => waldur.projectCredits.count(query)));
  it.each(PLAIN_FILTERS)('list, %s', (_, query) => expectAccepted(async () => waldur.projectCredits.list(query)));
});

describe.each(UUID_FORMS)('UUIDs given as $form', (ids) => {
  const projectUrl = () => `${prism.origin}/api/projects/${ids.project}/`;

  it('get', () => expectAccepted(() => waldur.projectCredits.get(ids.credit)));

  it.each(uuidFilters(ids))('count, %s', (_, query) => expectAccepted(() => waldur.projectCredits.count(query)));
  it.each(uuidFilters(ids))('list, %s', (_, query) => expectAccepted(async () => waldur.projectCredits.list(query)));

  it('create, project as a UUID, every writable field', () =>
    expectAccepted(() => waldur.projectCredits.create({ project: ids.project, ...ALL_FIELDS })));
  it('create, project as a UUID, every writable field with other values (end_date null, fixed, …)', () =>
    expectAccepted(() => waldur.projectCredits.create({ project: ids.project, ...OTHER_FIELDS })));
  it('create, project as a project URL, every writable field', () =>
    expectAccepted(() => waldur.projectCredits.create({ project: projectUrl(), ...ALL_FIELDS })));
  it('create, project only', () => expectAccepted(() => waldur.projectCredits.create({ project: ids.project })));

  it('update, every writable field', () => expectAccepted(() => waldur.projectCredits.update(ids.credit, { project: ids.project, ...ALL_FIELDS })));
  it('update, project as a project URL, other values', () =>
    expectAccepted(() => waldur.projectCredits.update(ids.credit, { project: projectUrl(), ...OTHER_FIELDS })));

  it.each(SINGLE_FIELD_PATCHES)('patch, %s alone', (_, patch) => expectAccepted(() => waldur.projectCredits.patch(ids.credit, patch(ids.project))));

  it('delete', () => expectAccepted(() => waldur.projectCredits.delete(ids.credit)));
});
