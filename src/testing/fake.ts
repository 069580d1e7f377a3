/**
 * An in-memory fake of Waldur's `/api/project-credits/` that behaves like the real server as far
 * as this SDK's users can tell: hex UUIDs, decimals as strings, `X-Result-Count` and `Link` with
 * absolute URLs, Django paging (capped `page_size`, 404 `Invalid page.`), the list filters and
 * ordering, `HEAD` counts, DRF-shaped 400s, 401 without a valid token, and hidden
 * organization-level fields on request. Pure: it turns a `Request` into a `Response`.
 */

/** An offering of a fake credit, as the server renders it. */
export interface FakeOffering {
  /** Offering UUID, 32 hex digits. */
  uuid: string;
  /** Offering API URL. */
  url: string;
  /** Offering type, e.g. `OpenStack.Tenant`. */
  type: string;
  /** Offering name. */
  name: string;
}

/** A credit as the fake stores and renders it: the server's wire shape. */
export interface FakeCredit {
  /** The credit UUID, 32 hex digits. */
  uuid: string;
  /** Filled in when rendered: the credit's API URL. */
  url: string;
  /** The allocated money, a decimal string with 5 places. */
  value: string;
  /** Filled in when rendered: the project's API URL. */
  project: string;
  /** The project's name. */
  project_name: string;
  /** The project's UUID, 32 hex digits. */
  project_uuid: string;
  /** The project's slug. */
  project_slug: string;
  /** The organization's name. */
  customer_name: string;
  /** The organization's slug. */
  customer_slug: string;
  /** The organization's UUID, 32 hex digits. */
  customer_uuid: string;
  /** The organization's credit (hidden with `hideOrganizationFields`). */
  customer_credit: string | null;
  /** A JSON number, as real servers send it (hidden with `hideOrganizationFields`). */
  allocated_customer_credit: number | null;
  /** A JSON number, as real servers send it. */
  consumption_last_month: number;
  /** The organization credit's offerings (hidden with `hideOrganizationFields`). */
  offerings: FakeOffering[];
  /** `YYYY-MM-DD` or `null`. */
  end_date: string | null;
  /** A decimal string with 5 places. */
  expected_consumption: string;
  /** Computed by the fake from the expected consumption and the grace coefficient. */
  minimal_consumption: number;
  /** `fixed` or `linear`. */
  minimal_consumption_logic: string;
  /** A whole number as a string. */
  grace_coefficient: string;
  /** A flag of the credit. */
  apply_as_minimal_consumption: boolean;
  /** A flag of the credit. */
  mark_unused_credit_as_spent_on_project_termination: boolean;
  /** Any further field, rendered as given. */
  [field: string]: unknown;
}

/** Options of `createFakeWaldur`. */
export interface FakeWaldurOptions {
  /** How many realistic credits to start with (deterministic), or the credits themselves (partial wire objects). Default 0. */
  credits?: number | Partial<FakeCredit>[] | undefined;
  /** The token that authenticates (`Token <token>` or `Bearer <token>`). Default `'test'`. */
  token?: string | undefined;
  /** The origin (and optional path prefix) the fake answers for. Default `'https://waldur.test'`. */
  baseUrl?: string | undefined;
  /** Leave out organization-level fields, as the server does for project-level users. Default false. */
  hideOrganizationFields?: boolean | undefined;
  /** Send `X-Result-Count` (default true). A browser without CORS exposure sees neither header. */
  countHeader?: boolean | undefined;
  /** Send the `Link` header (default true). */
  linkHeader?: boolean | undefined;
  /** The page size when a request names none. Default 10, as Waldur. */
  defaultPageSize?: number | undefined;
  /** The largest page the fake serves, silently. Default 300, as Waldur. */
  maxPageSize?: number | undefined;
  /** Seed of the generated credits. Default 1. */
  seed?: number | undefined;
}

/** One request the fake answered. */
export interface FakeRequest {
  /** HTTP method. */
  method: string;
  /** The full request URL. */
  url: string;
  /** The status the fake answered. */
  status: number;
}

/** Sort keys; `null` sorts as PostgreSQL does: after every value ascending, before them descending. */
const ORDER_FIELDS: Record<string, (c: FakeCredit) => string | number | null> = {
  value: (c) => Number(c.value),
  end_date: (c) => c.end_date,
  expected_consumption: (c) => Number(c.expected_consumption),
  project_name: (c) => c.project_name.toLowerCase(),
};
const ORG_FIELDS = ['customer_credit', 'allocated_customer_credit', 'offerings'] as const;
const WRITABLE = [
  'value', 'project', 'end_date', 'expected_consumption', 'minimal_consumption_logic', 'grace_coefficient',
  'apply_as_minimal_consumption', 'mark_unused_credit_as_spent_on_project_termination',
] as const;
const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

/** The state and behaviour of one fake server. */
export class FakeWaldurState {
  readonly baseUrl: string;
  credits: FakeCredit[];
  hideOrganizationFields: boolean;
  countHeader: boolean;
  linkHeader: boolean;
  readonly requests: FakeRequest[] = [];
  readonly #token: string;
  readonly #defaultPageSize: number;
  readonly #maxPageSize: number;
  readonly #random: () => number;

  constructor(options: FakeWaldurOptions = {}) {
    this.baseUrl = (options.baseUrl ?? 'https://waldur.test').replace(/\/+$/, '');
    this.#token = options.token ?? 'test';
    this.hideOrganizationFields = options.hideOrganizationFields ?? false;
    this.countHeader = options.countHeader ?? true;
    this.linkHeader = options.linkHeader ?? true;
    this.#defaultPageSize = options.defaultPageSize ?? 10;
    this.#maxPageSize = options.maxPageSize ?? 300;
    this.#random = mulberry32(options.seed ?? 1);
    const init = options.credits ?? 0;
    this.credits = typeof init === 'number' ? Array.from({ length: init }, (_, i) => this.#generate(i)) : init.map((c, i) => ({ ...this.#generate(i), ...c }));
  }

  /** Answers one request as the server would. */
  async handle(request: Request): Promise<Response> {
    const response = await this.#route(request);
    this.requests.push({ method: request.method, url: request.url, status: response.status });
    return response;
  }

  async #route(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const prefix = new URL(this.baseUrl).pathname.replace(/\/$/, '');
    const path = url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) : url.pathname;
    const match = /^\/api\/project-credits\/(?:([^/]+)\/)?$/.exec(path);
    if (!match) return json({ detail: 'Not found.' }, 404);
    const auth = request.headers.get('Authorization');
    if (auth === null) return json({ detail: 'Authentication credentials were not provided.' }, 401);
    if (auth !== `Token ${this.#token}` && auth !== `Bearer ${this.#token}`) return json({ detail: 'Invalid token.' }, 401);
    const method = request.method.toUpperCase();
    const id = match[1];
    if (id === undefined) {
      if (method === 'GET' || method === 'HEAD') return this.#list(url, method === 'HEAD');
      if (method === 'POST') return this.#write(request, undefined, false);
      return json({ detail: `Method "${method}" not allowed.` }, 405);
    }
    const index = UUID.test(id) ? this.credits.findIndex((c) => c.uuid === id.replaceAll('-', '').toLowerCase()) : -1;
    if (index < 0) return json({ detail: 'No ProjectCredit matches the given query.' }, 404);
    if (method === 'GET' || method === 'HEAD') return json(this.#render(this.credits[index]!), 200, {}, method === 'HEAD');
    if (method === 'PUT') return this.#write(request, index, false);
    if (method === 'PATCH') return this.#write(request, index, true);
    if (method === 'DELETE') {
      this.credits.splice(index, 1);
      return new Response(null, { status: 204 });
    }
    return json({ detail: `Method "${method}" not allowed.` }, 405);
  }

  #list(url: URL, head: boolean): Response {
    const q = url.searchParams;
    let items = this.credits.filter((c) => {
      const has = (field: string, value: string) => String(c[field] ?? '').toLowerCase().includes(value.toLowerCase());
      const same = (field: string, value: string) => String(c[field] ?? '') === value.replaceAll('-', '').toLowerCase();
      return (
        (!q.has('customer_name') || has('customer_name', q.get('customer_name')!)) &&
        (!q.has('customer_slug') || c.customer_slug === q.get('customer_slug')) &&
        (!q.has('customer_uuid') || same('customer_uuid', q.get('customer_uuid')!)) &&
        (!q.has('project_name') || has('project_name', q.get('project_name')!)) &&
        (!q.has('project_uuid') || same('project_uuid', q.get('project_uuid')!)) &&
        (!q.has('query') || has('project_name', q.get('query')!) || has('customer_name', q.get('query')!))
      );
    });
    const ordering = (q.get('o') ?? '').split(',').filter((o) => ORDER_FIELDS[o.replace(/^-/, '')]);
    if (ordering.length > 0) {
      items = [...items].sort((a, b) => {
        for (const o of ordering) {
          const key = ORDER_FIELDS[o.replace(/^-/, '')]!;
          const [x, y] = [key(a), key(b)];
          if (x === y) continue;
          const ascending = x === null ? 1 : y === null ? -1 : x < y ? -1 : 1;
          return o.startsWith('-') ? -ascending : ascending;
        }
        return 0;
      });
    }
    const sizeParam = Number(q.get('page_size'));
    const size = Number.isInteger(sizeParam) && sizeParam > 0 ? Math.min(sizeParam, this.#maxPageSize) : this.#defaultPageSize;
    const pages = Math.max(1, Math.ceil(items.length / size));
    const pageParam = q.get('page') ?? '1';
    const page = /^\d+$/.test(pageParam) ? Number(pageParam) : pageParam === 'last' ? pages : Number.NaN;
    if (!(page >= 1 && page <= pages)) return json({ detail: 'Invalid page.' }, 404);
    const headers: Record<string, string> = {};
    if (this.countHeader) headers['X-Result-Count'] = String(items.length);
    if (this.linkHeader) {
      const link = (p: number) => {
        const u = new URL(url);
        if (p === 1) u.searchParams.delete('page');
        else u.searchParams.set('page', String(p));
        return u.toString();
      };
      const rels = [`<${link(1)}>; rel="first"`];
      if (page > 1) rels.push(`<${link(page - 1)}>; rel="prev"`);
      if (page < pages) rels.push(`<${link(page + 1)}>; rel="next"`);
      rels.push(`<${link(pages)}>; rel="last"`);
      headers.Link = rels.join(', ');
    }
    return json(items.slice((page - 1) * size, page * size).map((c) => this.#render(c)), 200, headers, head);
  }

  async #write(request: Request, index: number | undefined, partial: boolean): Promise<Response> {
    let body: unknown;
    try {
      body = await request.json();
    } catch {
      return json({ detail: 'JSON parse error - Expecting value: line 1 column 1 (char 0)' }, 400);
    }
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      return json({ non_field_errors: ['Invalid data. Expected a dictionary, but got list.'] }, 400);
    }
    const input = body as Record<string, unknown>;
    const errors: Record<string, string[]> = {};
    const changes: Partial<FakeCredit> = {};
    for (const field of WRITABLE) {
      if (!(field in input)) {
        if (!partial && field === 'project') errors.project = ['This field is required.'];
        continue;
      }
      const problem = this.#accept(field, input[field], changes);
      if (problem) errors[field] = [problem];
    }
    const target = index === undefined ? undefined : this.credits[index];
    const projectUuid = changes.project_uuid ?? target?.project_uuid;
    if (changes.project_uuid && this.credits.some((c) => c.project_uuid === changes.project_uuid && c !== target)) {
      errors.project = ['project credit with this project already exists.'];
    }
    const logic = changes.minimal_consumption_logic ?? target?.minimal_consumption_logic;
    const endDate = 'end_date' in changes ? changes.end_date : target?.end_date;
    if (!errors.end_date && logic === 'linear' && !endDate && ('minimal_consumption_logic' in changes || 'end_date' in changes)) {
      errors.non_field_errors = ['End date is required if minimal consumption logic is linear.'];
    }
    if (Object.keys(errors).length > 0) return json(errors, 400);
    if (target === undefined) {
      const created: FakeCredit = { ...this.#generate(this.credits.length, projectUuid), ...defaults(), ...changes };
      created.minimal_consumption = minimalConsumption(created);
      this.credits.push(created);
      return json(this.#render(created), 201);
    }
    // DRF's ModelSerializer.update sets only the fields given, for PUT as for PATCH.
    const updated: FakeCredit = { ...target, ...changes };
    updated.minimal_consumption = minimalConsumption(updated);
    this.credits[index!] = updated;
    return json(this.#render(updated), 200);
  }

  /** Checks one writable field like DRF does; returns its message, or stores the value. */
  #accept(field: (typeof WRITABLE)[number], value: unknown, into: Partial<FakeCredit>): string | undefined {
    switch (field) {
      case 'value':
      case 'expected_consumption':
      case 'grace_coefficient': {
        const [digits, places] = field === 'grace_coefficient' ? [3, 0] : [16, 5];
        const text = typeof value === 'number' ? String(value) : value;
        if (typeof text !== 'string' || !/^-?\d*\.?\d+$|^-?\d+\.$/.test(text.trim())) return 'A valid number is required.';
        const [int = '', frac = ''] = text.trim().replace(/^-/, '').split('.');
        const intDigits = int.replace(/^0+(?=\d)/, '').length;
        if (intDigits + frac.length > digits) return `Ensure that there are no more than ${digits} digits in total.`;
        if (frac.length > places) return `Ensure that there are no more than ${places} decimal places.`;
        if (intDigits > digits - places) return `Ensure that there are no more than ${digits - places} digits before the decimal point.`;
        if (field !== 'expected_consumption' && text.trim().startsWith('-') && /[1-9]/.test(text)) return 'Ensure this value is greater than or equal to 0.';
        into[field] = render(text.trim(), places);
        return undefined;
      }
      case 'project': {
        const m = typeof value === 'string' ? /\/api\/projects\/([0-9a-f-]{32,36})\/$/i.exec(value) : null;
        if (!m || !UUID.test(m[1]!)) return typeof value === 'string' ? 'Invalid hyperlink - No URL match.' : 'Incorrect type. Expected URL string, received ' + typeof value + '.';
        into.project_uuid = m[1]!.replaceAll('-', '').toLowerCase();
        return undefined;
      }
      case 'end_date':
        if (value === null) {
          into.end_date = null;
          return undefined;
        }
        if (typeof value !== 'string' || !isCalendarDate(value)) return 'Date has wrong format. Use one of these formats instead: YYYY-MM-DD.';
        into.end_date = value;
        return undefined;
      case 'minimal_consumption_logic':
        if (value !== 'fixed' && value !== 'linear') return `"${String(value)}" is not a valid choice.`;
        into.minimal_consumption_logic = value;
        return undefined;
      default:
        if (typeof value !== 'boolean') return 'Must be a valid boolean.';
        into[field] = value;
        return undefined;
    }
  }

  /** The credit as the server renders it to this fake's user. */
  #render(credit: FakeCredit): Record<string, unknown> {
    const out: Record<string, unknown> = {
      ...credit,
      url: `${this.baseUrl}/api/project-credits/${credit.uuid}/`,
      project: `${this.baseUrl}/api/projects/${credit.project_uuid}/`,
    };
    if (this.hideOrganizationFields) for (const field of ORG_FIELDS) delete out[field];
    return out;
  }

  /** A realistic credit, deterministic for a seed. */
  #generate(i: number, projectUuid?: string): FakeCredit {
    const r = this.#random;
    const customer = CUSTOMERS[i % CUSTOMERS.length]!;
    const uuid = hex(r);
    const project = projectUuid ?? hex(r);
    const value = (Math.floor(r() * 5_000_000) + 10_000) / 100;
    const logic = r() < 0.5 ? 'fixed' : 'linear';
    const credit: FakeCredit = {
      uuid,
      url: '',
      value: render(value.toFixed(2), 5),
      project: '',
      project_name: `${TOPICS[i % TOPICS.length]} ${Math.floor(i / TOPICS.length) + 1}`,
      project_uuid: project,
      project_slug: `project-${i + 1}`,
      customer_name: customer.name,
      customer_slug: customer.slug,
      customer_uuid: customer.uuid,
      customer_credit: '1000000.00000',
      allocated_customer_credit: Math.round(r() * 1000) / 1000,
      consumption_last_month: Math.round(r() * value * 10) / 100,
      offerings: [{ uuid: customer.offering, url: `${this.baseUrl}/api/marketplace-public-offerings/${customer.offering}/`, type: 'OpenStack.Tenant', name: 'HPC cloud' }],
      end_date: logic === 'linear' || r() < 0.5 ? `2027-${String(1 + Math.floor(r() * 12)).padStart(2, '0')}-${String(1 + Math.floor(r() * 28)).padStart(2, '0')}` : null,
      expected_consumption: render((value / 12).toFixed(2), 5),
      minimal_consumption: 0,
      minimal_consumption_logic: logic,
      grace_coefficient: String(Math.floor(r() * 4) * 5),
      apply_as_minimal_consumption: r() < 0.3,
      mark_unused_credit_as_spent_on_project_termination: r() < 0.5,
    };
    credit.minimal_consumption = minimalConsumption(credit);
    return credit;
  }
}

const CUSTOMERS = [
  { name: 'University of Tartu', slug: 'ut', uuid: 'a9b8c7d6e5f44321b0a9f8e7d6c5b4a3', offering: '11112222333344445555666677778888' },
  { name: 'Tallinn University of Technology', slug: 'taltech', uuid: '3c4d5e6f7a8b4c9d8e0f1a2b3c4d5e6f', offering: '22223333444455556666777788889999' },
  { name: 'Estonian Biocentre', slug: 'biocentre', uuid: '5e6f7a8b9c0d4e1f9a2b3c4d5e6f7a8b', offering: '33334444555566667777888899990000' },
  { name: 'Weather Service', slug: 'weather', uuid: '7a8b9c0d1e2f4a3b8c4d5e6f7a8b9c0d', offering: '44445555666677778888999900001111' },
];
const TOPICS = ['Genome assembly', 'Climate model', 'Protein folding', 'Language corpus', 'Traffic simulation', 'Particle physics'];

function defaults(): Partial<FakeCredit> {
  return {
    value: '0.00000',
    end_date: null,
    expected_consumption: '0.00000',
    minimal_consumption_logic: 'fixed',
    grace_coefficient: '0',
    apply_as_minimal_consumption: false,
    mark_unused_credit_as_spent_on_project_termination: false,
  };
}

function minimalConsumption(c: FakeCredit): number {
  const expected = Number(c.expected_consumption);
  return Math.round(expected * (1 - Number(c.grace_coefficient) / 100) * 100) / 100;
}

/** A decimal as DRF renders it: a string with exactly `places` decimal places. */
function render(text: string, places: number): string {
  const negative = text.startsWith('-');
  const [int = '0', frac = ''] = text.replace(/^-/, '').split('.');
  const whole = int.replace(/^0+(?=\d)/, '') || '0';
  const body = places === 0 ? whole : `${whole}.${frac.padEnd(places, '0').slice(0, places)}`;
  return negative && /[1-9]/.test(body) ? `-${body}` : body;
}

function isCalendarDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

function json(body: unknown, status: number, headers: Record<string, string> = {}, head = false): Response {
  return new Response(head ? null : JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
}

function hex(random: () => number): string {
  let out = '';
  for (let i = 0; i < 32; i++) out += Math.floor(random() * 16).toString(16);
  // a version-4 UUID, as Waldur's uuid4 defaults make
  return `${out.slice(0, 12)}4${out.slice(13, 16)}${'89ab'[Math.floor(random() * 4)]}${out.slice(17)}`;
}

/** A small seeded PRNG, so generated credits are the same on every run. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
