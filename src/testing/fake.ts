/**
 * An in-memory fake of Waldur's `/api/project-credits/` that answers like a real server, byte for
 * byte where a capture shows it. Pure: it turns a `Request` into a `Response`.
 *
 * Sources, cited next to each rule below:
 * - "capture: …" is a heading of `real-waldur-captures.md`: a real Waldur of 2024-10-25 (DRF 3.16,
 *   django-filter 25.1) on the wire. The `legacy` profile is that server.
 * - "8.0.9" is Waldur's published OpenAPI document of 8.0.9 and its API docs (the `current` profile).
 * - "model" is Waldur's own code for project credits (the ViewSet, the serializer, the filter set
 *   and `ProjectCredit.save`), read where the captures are silent. The `newer` profile is the
 *   release that adds `spendable_value` and friends.
 * - "DRF" / "django-filter" / "Django" is the framework behaviour those servers run on.
 */

/**
 * An offering of an organization's credit, as the server renders it.
 *
 * @group Testing
 */
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

/**
 * An organization (a Waldur customer) of the fake, with its customer credit.
 *
 * @group Testing
 */
export interface FakeOrganization {
  /** Organization UUID, 32 hex digits. */
  uuid: string;
  /** Organization name. */
  name: string;
  /** Organization slug. */
  slug: string;
  /**
   * The organization's customer credit, a decimal string; `null` when it has none. The sum of its
   * project credits is checked against it on every write, and without one the organization's
   * project credits are hidden and new ones refused (`["Customer credit does not exist."]`).
   */
  credit: string | null;
  /** The offerings the organization's credit applies to (rendered as each credit's `offerings`). */
  offerings: FakeOffering[];
}

/**
 * A project the fake knows that has no credit (yet): somewhere to create one.
 *
 * @group Testing
 */
export interface FakeProject {
  /** Project UUID, 32 hex digits. */
  uuid: string;
  /** Project name. */
  name: string;
  /** Project slug. */
  slug: string;
  /** The UUID of the project's organization, 32 hex digits. */
  customer_uuid: string;
}

/**
 * A credit as the fake stores it: hex UUIDs, decimal strings. Organization-level fields
 * (`customer_credit`, `allocated_customer_credit`, `offerings`) and computed ones
 * (`minimal_consumption`, `spendable_value`, `is_limited_by_organization_credit`) are not stored:
 * they are computed from {@link FakeOrganization} when a credit is rendered. Which fields a
 * response carries depends on the profile.
 *
 * @group Testing
 */
export interface FakeCredit {
  /** The credit UUID, 32 hex digits. */
  uuid: string;
  /** The credit's API URL (rendered from `uuid`). */
  url: string;
  /** The allocated money, a decimal string with 5 places. */
  value: string;
  /** The project's API URL (rendered from `project_uuid`). */
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
  /** The organization's UUID, 32 hex digits: the key into the fake's organizations. */
  customer_uuid: string;
  /** Last month's consumption: `null` (no invoice last month, the usual case), or an amount. */
  consumption_last_month: number | string | null;
  /** `YYYY-MM-DD` or `null`. */
  end_date: string | null;
  /** A decimal string with 5 places. */
  expected_consumption: string;
  /** `fixed` or `linear`. */
  minimal_consumption_logic: string;
  /** A whole number as a string. */
  grace_coefficient: string;
  /** A flag of the credit. */
  apply_as_minimal_consumption: boolean;
  /** A flag of the credit. */
  mark_unused_credit_as_spent_on_project_termination: boolean;
  /** The 2024-10 flag (profile `legacy` only). */
  use_organisation_credit: boolean;
  /** This month's cost the credit covers, a decimal string, or `null` (profile `newer` only). */
  creditable_cost_this_month: string | null;
  /** Any further field, rendered as given after the known ones. */
  [field: string]: unknown;
}

/**
 * Which Waldur the fake emulates.
 *
 * @group Testing
 */
export type FakeProfile = 'legacy' | 'current' | 'newer';

/**
 * A staff user: sees and writes everything. The fake's main `token` is one.
 *
 * @group Testing
 */
export interface FakeStaffUser {
  /** The role. */
  role: 'staff';
}

/**
 * An organization owner: sees and writes the credits of their organizations.
 *
 * @group Testing
 */
export interface FakeOwnerUser {
  /** The role. */
  role: 'owner';
  /** UUIDs of the organizations owned (hex or hyphenated). */
  organizations: readonly string[];
}

/**
 * A project member or manager. With profile `newer` they read their projects' credits, without
 * the organization-level fields; before that release a project credit was organization-scoped and
 * they see an empty list. Writes: 403 on what they can see, 404 on what they cannot.
 *
 * @group Testing
 */
export interface FakeProjectUser {
  /** The role. */
  role: 'project';
  /** UUIDs of the user's projects (hex or hyphenated). */
  projects: readonly string[];
}

/**
 * A user with no role anywhere: empty lists, 403 on create, 404 on a credit's URL.
 *
 * @group Testing
 */
export interface FakeNoRoleUser {
  /** The role. */
  role: 'none';
}

/**
 * Who a token belongs to.
 *
 * @group Testing
 */
export type FakeUser = FakeStaffUser | FakeOwnerUser | FakeProjectUser | FakeNoRoleUser;

/**
 * Options of `createFakeWaldur`.
 *
 * @group Testing
 */
export interface FakeWaldurOptions {
  /**
   * Which Waldur to emulate. `'current'` (default): Waldur 8.x as its 8.0.9 OpenAPI document
   * describes it. `'legacy'`: the release of 2024-10 (no 8.x fields, `use_organisation_credit`,
   * `value` at most 6 digits before the point, fewer orderings and filters). `'newer'`: 8.x plus
   * `spendable_value`, `creditable_cost_this_month` and `is_limited_by_organization_credit`,
   * project members reading their credits, end dates on the first of a month.
   */
  profile?: FakeProfile | undefined;
  /** How many realistic credits to start with (deterministic), or the credits themselves (partial). Default 0. */
  credits?: number | Partial<FakeCredit>[] | undefined;
  /**
   * The organizations, each with its customer credit. Default: four organizations with a credit
   * (amounts with room above what their generated credits allocate) and one without.
   */
  organizations?: Partial<FakeOrganization>[] | undefined;
  /** Projects without a credit. Default: one in each default organization. */
  projects?: Partial<FakeProject>[] | undefined;
  /**
   * A project UUID the fake has never seen: `'create'` (default) takes it as a new project of the
   * first organization with a credit; `'reject'` answers as Waldur does,
   * `{"project": ["Invalid hyperlink - Object does not exist."]}`.
   */
  unknownProjects?: 'create' | 'reject' | undefined;
  /** The staff token (`Token <token>` or `Bearer <token>`, any case of the keyword). Default `'test'`. */
  token?: string | undefined;
  /** Further tokens, each with its user's role. */
  users?: Readonly<Record<string, FakeUser>> | undefined;
  /** The origin (and optional path prefix) the fake answers for. Default `'https://waldur.test'`. */
  baseUrl?: string | undefined;
  /** Leave out `customer_credit`, `allocated_customer_credit` and `offerings` for every token. Default false. */
  hideOrganizationFields?: boolean | undefined;
  /**
   * Send `customer_credit`, `allocated_customer_credit`, `consumption_last_month`,
   * `minimal_consumption` as their exact decimal strings. Default false: JSON numbers, as real
   * servers send them (DRF writes `float(Decimal)`): the nearest double, so an amount of more than
   * 15 significant digits (an allocation near the 11-digit limit, a consumption of
   * `-123456.1234567891`) arrives as its shortest round-trip digits, which the SDK reads.
   */
  decimalsAsStrings?: boolean | undefined;
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

/**
 * One request the fake answered.
 *
 * @group Testing
 */
export interface FakeRequest {
  /** HTTP method. */
  method: string;
  /** The full request URL. */
  url: string;
  /** The status the fake answered. */
  status: number;
  /** The request headers, names in lower case; `authorization` redacted to its scheme (`Token ***`). */
  headers: Record<string, string>;
  /** The request body: parsed JSON, the raw text when it is not JSON, `undefined` when empty. */
  body: unknown;
}

// ---------------------------------------------------------------------------------------------
// What each profile renders, accepts and orders by

/** Fields in the order the serializer lists them. */
const FIELDS: Record<FakeProfile, readonly string[]> = {
  // capture: GET list (staff)
  legacy: [
    'uuid', 'url', 'value', 'project', 'project_name', 'project_uuid', 'project_slug', 'use_organisation_credit',
    'customer_credit', 'allocated_customer_credit', 'consumption_last_month', 'offerings',
  ],
  // 8.0.9: ProjectCredit
  current: [
    'uuid', 'url', 'value', 'project', 'project_name', 'project_uuid', 'project_slug', 'customer_name', 'customer_slug',
    'customer_uuid', 'customer_credit', 'allocated_customer_credit', 'consumption_last_month', 'offerings', 'end_date',
    'expected_consumption', 'minimal_consumption', 'minimal_consumption_logic', 'grace_coefficient',
    'apply_as_minimal_consumption', 'mark_unused_credit_as_spent_on_project_termination',
  ],
  // model: ProjectCreditSerializer.Meta.fields of the newer release
  newer: [
    'uuid', 'url', 'value', 'project', 'project_name', 'project_uuid', 'project_slug', 'customer_name', 'customer_slug',
    'customer_uuid', 'customer_credit', 'allocated_customer_credit', 'consumption_last_month', 'creditable_cost_this_month',
    'spendable_value', 'is_limited_by_organization_credit', 'offerings', 'end_date', 'expected_consumption',
    'minimal_consumption', 'minimal_consumption_logic', 'grace_coefficient', 'apply_as_minimal_consumption',
    'mark_unused_credit_as_spent_on_project_termination',
  ],
};
/** Every field any profile renders, stored or computed: the rest of a stored credit is extra. */
const KNOWN_FIELDS: ReadonlySet<string> = new Set([...FIELDS.legacy, ...FIELDS.current, ...FIELDS.newer]);
/** model: ORGANIZATION_SCOPED_FIELDS. */
const ORG_FIELDS = ['customer_credit', 'allocated_customer_credit', 'offerings'] as const;

type Writable =
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
const WRITABLE: Record<FakeProfile, ReadonlyArray<readonly [string, Writable]>> = {
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
const money = (text: unknown): number => {
  const e = typeof text === 'string' ? exactOf(text) : undefined;
  return e ? Number(toPlain(e)) : 0;
};
/** Sort keys; `null` sorts as PostgreSQL does: after every value ascending, before them descending. */
const SORT_KEYS: Record<string, SortKey> = {
  project_name: (c) => String(c.project_name).toLowerCase(),
  value: (c) => money(c.value),
  end_date: (c) => c.end_date,
  expected_consumption: (c) => money(c.expected_consumption),
  use_organisation_credit: (c) => (c.use_organisation_credit ? 1 : 0),
};
/** The orderings each profile's filter set declares (capture: GET o=end_date; 8.0.9: ProjectCreditOEnum). */
const ORDERINGS: Record<FakeProfile, readonly string[]> = {
  legacy: ['project_name', 'value', 'use_organisation_credit'],
  current: ['project_name', 'value', 'end_date', 'expected_consumption'],
  newer: ['project_name', 'value', 'end_date', 'expected_consumption'],
};

const LIST_ALLOW = 'GET, POST, HEAD, OPTIONS';
const DETAIL_ALLOW = 'GET, PUT, PATCH, DELETE, HEAD, OPTIONS';
const NOT_FOUND = 'No ProjectCredit matches the given query.';
const FORBIDDEN = 'You do not have permission to perform this action.';

/** What a request may do, by its token. */
type Actor = FakeUser;

/** A response the routing builds, before headers common to all. */
class Answer {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {}
}

/** The state and behaviour of one fake server. */
export class FakeWaldurState {
  readonly baseUrl: string;
  readonly profile: FakeProfile;
  credits: FakeCredit[];
  organizations: FakeOrganization[];
  projects: FakeProject[];
  users: Record<string, FakeUser>;
  hideOrganizationFields: boolean;
  decimalsAsStrings: boolean;
  countHeader: boolean;
  linkHeader: boolean;
  readonly requests: FakeRequest[] = [];
  readonly #token: string;
  readonly #unknownProjects: 'create' | 'reject';
  readonly #defaultPageSize: number;
  readonly #maxPageSize: number;
  readonly #random: () => number;
  /** While constructing: organizations that will get a customer credit once their credits are known. */
  readonly #pending = new Set<FakeOrganization>();

  constructor(options: FakeWaldurOptions = {}) {
    this.baseUrl = (options.baseUrl ?? 'https://waldur.test').replace(/\/+$/, '');
    this.profile = options.profile ?? 'current';
    if (!(this.profile in FIELDS)) throw new TypeError(`profile must be 'legacy', 'current' or 'newer', got ${JSON.stringify(this.profile)}`);
    this.#token = options.token ?? 'test';
    this.users = { ...options.users };
    this.#unknownProjects = options.unknownProjects ?? 'create';
    this.hideOrganizationFields = options.hideOrganizationFields ?? false;
    this.decimalsAsStrings = options.decimalsAsStrings ?? false;
    this.countHeader = options.countHeader ?? true;
    this.linkHeader = options.linkHeader ?? true;
    this.#defaultPageSize = options.defaultPageSize ?? 10;
    this.#maxPageSize = options.maxPageSize ?? 300;
    this.#random = mulberry32(options.seed ?? 1);

    // Organizations first: generated credits are spread over those with a customer credit.
    const auto = this.#pending;
    this.organizations = (options.organizations ?? DEFAULT_ORGANIZATIONS).map((o, i) => {
      const org: FakeOrganization = {
        uuid: hexUuid(o.uuid) ?? hex(this.#random),
        name: o.name ?? `Organization ${i + 1}`,
        slug: o.slug ?? slugify(o.name ?? `organization-${i + 1}`),
        credit: o.credit === undefined || o.credit === null ? null : moneyText(o.credit),
        offerings: (o.offerings ?? []).map((f) => ({ ...f, url: f.url || `${this.baseUrl}/api/marketplace-public-offerings/${f.uuid}/` })),
      };
      if (o.credit === undefined) auto.add(org);
      return org;
    });
    this.projects = (options.projects ?? (options.organizations ? [] : DEFAULT_PROJECTS)).map((p, i) => ({
      uuid: hexUuid(p.uuid) ?? hex(this.#random),
      name: p.name ?? `Project ${i + 1}`,
      slug: p.slug ?? slugify(p.name ?? `project-${i + 1}`),
      customer_uuid: hexUuid(p.customer_uuid) ?? this.#homeOrganization().uuid,
    }));

    const init = options.credits ?? 0;
    const funded = this.organizations.filter((o) => o.credit !== null || auto.has(o));
    if (typeof init === 'number') {
      this.credits = Array.from({ length: init }, (_, i) => this.#generate(i, funded[i % Math.max(1, funded.length)]));
    } else {
      this.credits = init.map((partial, i) => {
        const credit: FakeCredit = { ...this.#generate(i, funded[i % Math.max(1, funded.length)]), ...partial };
        credit.uuid = hexUuid(credit.uuid) ?? credit.uuid;
        credit.project_uuid = hexUuid(credit.project_uuid) ?? credit.project_uuid;
        credit.customer_uuid = hexUuid(credit.customer_uuid) ?? credit.customer_uuid;
        credit.url = `${this.baseUrl}/api/project-credits/${credit.uuid}/`;
        credit.project = `${this.baseUrl}/api/projects/${credit.project_uuid}/`;
        // Organization-level fields given with a credit belong to its organization.
        let org = this.organizations.find((o) => o.uuid === credit.customer_uuid);
        if (!org) {
          org = { uuid: credit.customer_uuid, name: credit.customer_name, slug: credit.customer_slug, credit: null, offerings: [] };
          this.organizations.push(org);
          auto.add(org);
        }
        if ('customer_credit' in partial) {
          const given = partial.customer_credit;
          org.credit = given === null || given === undefined ? null : moneyText(given);
          auto.delete(org);
        }
        if (Array.isArray(partial.offerings)) org.offerings = (partial.offerings as FakeOffering[]).map((f) => ({ ...f }));
        for (const field of ['customer_credit', 'allocated_customer_credit', 'offerings', 'minimal_consumption', 'spendable_value', 'is_limited_by_organization_credit']) {
          delete credit[field];
        }
        return credit;
      });
    }
    // An organization whose credit was not given gets one with room above its allocation.
    for (const org of auto) org.credit = headroom(this.#allocated(org.uuid));
    auto.clear();
  }

  /** The credit with this UUID (hex or hyphenated, any case), if any. */
  credit(uuid: string): FakeCredit | undefined {
    const hexId = hexUuid(uuid);
    return hexId === undefined ? undefined : this.credits.find((c) => c.uuid === hexId);
  }

  /** Answers one request as the server would, and records it. */
  async handle(request: Request): Promise<Response> {
    const method = request.method.toUpperCase();
    const text = method === 'GET' || method === 'HEAD' ? '' : await request.text();
    const answer = this.#route(request, method, text);
    const headers: Record<string, string> = { ...answer.headers };
    let payload: string | null = null;
    if (answer.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      payload = method === 'HEAD' ? null : JSON.stringify(answer.body);
    }
    this.requests.push({ method, url: request.url, status: answer.status, headers: recordHeaders(request.headers), body: parseBody(text) });
    return new Response(payload, { status: answer.status, headers });
  }

  #route(request: Request, method: string, text: string): Answer {
    const url = new URL(request.url);
    const prefix = new URL(this.baseUrl).pathname.replace(/\/$/, '');
    const path = url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) : url.pathname;
    const match = /^\/api\/project-credits\/(?:([^/]+)\/)?$/.exec(path);
    if (!match) return new Answer(404, { detail: 'Not found.' });
    const id = match[1];
    const allow = { Allow: id === undefined ? LIST_ALLOW : DETAIL_ALLOW };
    const actor = this.#authenticate(request.headers.get('Authorization'));
    if (typeof actor === 'string') return new Answer(401, { detail: actor }, { ...allow, 'WWW-Authenticate': 'Token' });
    const answer = id === undefined ? this.#collection(url, method, text, actor) : this.#detail(id, method, text, actor);
    return new Answer(answer.status, answer.body, { ...allow, ...answer.headers });
  }

  /** DRF's TokenAuthentication (and a Bearer token, as Waldur's OIDC and PAT schemes take it); a message means 401. */
  #authenticate(header: string | null): Actor | string {
    const parts = header?.trim().split(/\s+/) ?? [];
    const keyword = parts[0]?.toLowerCase();
    if (header === null || (keyword !== 'token' && keyword !== 'bearer')) return 'Authentication credentials were not provided.';
    if (parts.length === 1) return 'Invalid token header. No credentials provided.';
    if (parts.length > 2) return 'Invalid token header. Token string should not contain spaces.';
    const token = parts[1]!;
    if (token === this.#token) return { role: 'staff' };
    return Object.hasOwn(this.users, token) ? this.users[token]! : 'Invalid token.';
  }

  #collection(url: URL, method: string, text: string, actor: Actor): Answer {
    if (method === 'GET' || method === 'HEAD') return this.#list(url, actor);
    if (method === 'POST') return this.#write(text, undefined, false, actor);
    return new Answer(405, { detail: `Method "${method}" not allowed.` });
  }

  #detail(id: string, method: string, text: string, actor: Actor): Answer {
    if (!['GET', 'HEAD', 'PUT', 'PATCH', 'DELETE'].includes(method)) return new Answer(405, { detail: `Method "${method}" not allowed.` });
    // capture: GET one, hex uuid / hyphenated uuid / upper-case hex uuid; GET 404 (unknown uuid).
    // DRF's get_object looks in the role-filtered queryset first: what a user cannot see is 404.
    const hexId = hexUuid(id);
    const index = hexId === undefined ? -1 : this.credits.findIndex((c) => c.uuid === hexId && this.#visible(c, actor));
    if (index < 0) return new Answer(404, { detail: NOT_FOUND });
    const credit = this.credits[index]!;
    if (method === 'GET' || method === 'HEAD') return new Answer(200, this.#render(credit, actor));
    // model: update/partial_update/destroy permissions are is_owner (staff pass).
    if (!this.#owns(actor, credit.customer_uuid)) return new Answer(403, { detail: FORBIDDEN });
    if (method === 'DELETE') {
      this.credits.splice(index, 1);
      // The project outlives its credit.
      this.projects.push({ uuid: credit.project_uuid, name: credit.project_name, slug: credit.project_slug, customer_uuid: credit.customer_uuid });
      return new Answer(204, undefined);
    }
    return this.#write(text, index, method === 'PATCH', actor);
  }

  // -------------------------------------------------------------------------------------------
  // Reading

  #list(url: URL, actor: Actor): Answer {
    const q = url.searchParams;
    // Django's QueryDict.get: the last value of a repeated parameter.
    const param = (name: string): string | undefined => q.getAll(name).at(-1);
    const legacy = this.profile === 'legacy';

    // django-filter validates the filter form first: every invalid field, in declaration order.
    const errors: Record<string, string[]> = {};
    const uuidFilters = legacy ? (['project_uuid'] as const) : (['project_uuid', 'customer_uuid'] as const);
    const uuids: Partial<Record<'project_uuid' | 'customer_uuid', string>> = {};
    for (const name of uuidFilters) {
      const raw = param(name)?.trim();
      if (!raw) continue;
      const value = hexUuid(raw);
      if (value === undefined) errors[name] = ['Enter a valid UUID.']; // capture: HEAD project_uuid=not-a-uuid
      else uuids[name] = value;
    }
    // capture: GET o=end_date. BaseCSVField cleans each value and stops at the first invalid one.
    const ordering = (param('o') ?? '').split(',').filter((o) => o !== '');
    const choices = ORDERINGS[this.profile];
    const invalid = ordering.find((o) => !choices.includes(o.replace(/^-/, '')));
    if (invalid !== undefined) errors.o = [`Select a valid choice. ${invalid} is not one of the available choices.`];
    if (Object.keys(errors).length > 0) return new Answer(400, errors);

    const has = (value: unknown, needle: string) => String(value ?? '').toLowerCase().includes(needle.toLowerCase());
    const projectName = param('project_name');
    // The legacy server has no customer_* or query filter: capture "HEAD customer_uuid=<unknown uuid>" shows it ignored.
    const customerName = legacy ? undefined : param('customer_name');
    const customerSlug = legacy ? undefined : param('customer_slug');
    const query = legacy ? undefined : param('query');
    let items = this.credits.filter(
      (c) =>
        this.#visible(c, actor) &&
        (!uuids.project_uuid || c.project_uuid === uuids.project_uuid) &&
        (!uuids.customer_uuid || c.customer_uuid === uuids.customer_uuid) &&
        (!projectName || has(c.project_name, projectName)) &&
        (!customerName || has(c.customer_name, customerName)) &&
        (!customerSlug || c.customer_slug === customerSlug) &&
        // model: filter_query matches project name and UUID, organization name, slug and UUID.
        (!query ||
          [c.project_name, c.project_uuid, c.customer_name, c.customer_slug, c.customer_uuid].some((v) => has(v, query))),
    );
    if (ordering.length > 0) {
      items = [...items].sort((a, b) => {
        for (const o of ordering) {
          const key = SORT_KEYS[o.replace(/^-/, '')]!;
          const [x, y] = [key(a), key(b)];
          if (x === y) continue;
          const ascending = x === null ? 1 : y === null ? -1 : x < y ? -1 : 1;
          return o.startsWith('-') ? -ascending : ascending;
        }
        return 0;
      });
    }

    // DRF: page_size through _positive_int(strict, cutoff=max_page_size); 0, negative or not a
    // number means the default (capture: GET page_size=0, HEAD page_size=1000).
    const sizeParam = pythonInt(param('page_size'));
    const size = sizeParam !== undefined && sizeParam > 0 ? Math.min(sizeParam, this.#maxPageSize) : this.#defaultPageSize;
    const pages = Math.max(1, Math.ceil(items.length / size));
    // Django's Paginator: `page=last` is the last page; anything else not a page in range is 404
    // (capture: GET page=99, GET page=abc).
    const pageParam = param('page') || '1';
    const page = pageParam === 'last' ? pages : pythonInt(pageParam);
    if (page === undefined || page < 1 || page > pages) return new Answer(404, { detail: 'Invalid page.' });

    const headers: Record<string, string> = {};
    if (this.countHeader) headers['X-Result-Count'] = String(items.length);
    if (this.linkHeader) {
      // capture: GET page_size=1&page=2 — first and last always, prev and next when they exist.
      const rels = [`<${pageUrl(url, 1)}>; rel="first"`];
      if (page > 1) rels.push(`<${pageUrl(url, page - 1)}>; rel="prev"`);
      if (page < pages) rels.push(`<${pageUrl(url, page + 1)}>; rel="next"`);
      rels.push(`<${pageUrl(url, pages)}>; rel="last"`);
      headers.Link = rels.join(', ');
    }
    // Each organization's allocation is summed once per answer, not once per credit of the page.
    const sums = new Map<string, Exact>();
    const allocated = (customerUuid: string) => {
      let sum = sums.get(customerUuid);
      if (sum === undefined) sums.set(customerUuid, (sum = this.#allocated(customerUuid)));
      return sum;
    };
    return new Answer(200, items.slice((page - 1) * size, page * size).map((c) => this.#render(c, actor, allocated)), headers);
  }

  /** model: the queryset excludes credits of organizations without a customer credit, and GenericRoleFilter scopes it by role. */
  #visible(credit: FakeCredit, actor: Actor): boolean {
    const org = this.organizations.find((o) => o.uuid === credit.customer_uuid);
    if (org && org.credit === null) return false;
    switch (actor.role) {
      case 'staff':
        return true;
      case 'owner':
        return this.#owns(actor, credit.customer_uuid);
      case 'project':
        // model: project roles read project credits only since the newer release.
        return this.profile === 'newer' && actor.projects.some((p) => hexUuid(p) === credit.project_uuid);
      default:
        return false;
    }
  }

  #owns(actor: Actor, customerUuid: string): boolean {
    return actor.role === 'staff' || (actor.role === 'owner' && actor.organizations.some((o) => hexUuid(o) === customerUuid));
  }

  /** The credit as the server renders it to this actor, in the profile's field order. */
  #render(credit: FakeCredit, actor: Actor, allocated = (customerUuid: string) => this.#allocated(customerUuid)): Record<string, unknown> {
    const org = this.organizations.find((o) => o.uuid === credit.customer_uuid);
    const value = exactOf(String(credit.value));
    const orgCredit = org?.credit === null || org?.credit === undefined ? undefined : exactOf(org.credit);
    const zero: Exact = { units: 0n, scale: 5 };
    const spendable = !value || !orgCredit ? zero : compare(value, orgCredit) <= 0 ? value : orgCredit;
    const computed: Record<string, () => unknown> = {
      url: () => `${this.baseUrl}/api/project-credits/${credit.uuid}/`,
      project: () => `${this.baseUrl}/api/projects/${credit.project_uuid}/`,
      // ReadOnlyField of a Decimal: DRF's JSON encoder sends float(); capture: GET list (staff).
      customer_credit: () => (orgCredit ? this.#number(orgCredit, 5) : null),
      // The aggregate Sum of the organization's project credits, a Decimal sent as float().
      allocated_customer_credit: () => this.#number(allocated(credit.customer_uuid), 5),
      consumption_last_month: () => {
        const c = credit.consumption_last_month;
        const e = typeof c === 'number' ? exactOf(String(c)) : typeof c === 'string' ? exactOf(c) : undefined;
        return e ? this.#number(e) : c ?? null;
      },
      offerings: () =>
        (org?.offerings ?? []).map((o) => ({ uuid: o.uuid, url: o.url, type: o.type, name: o.name })),
      minimal_consumption: () => {
        const m = minimalConsumption(credit);
        return m === undefined ? null : m === 0 ? 0 : this.#number(m);
      },
      // model: spendable_value = min(value, customer credit) (0 without one), a DecimalField: a string.
      spendable_value: () => toPlain(spendable, 5),
      is_limited_by_organization_credit: () => !!value && compare(spendable, value) < 0,
    };
    const out: Record<string, unknown> = {};
    for (const field of FIELDS[this.profile]) {
      const make = computed[field];
      out[field] = make ? make() : credit[field];
    }
    for (const field of Object.keys(credit)) if (!KNOWN_FIELDS.has(field)) out[field] = credit[field];
    // model: the newer serializer pops organization-wide figures for anyone not staff or owner.
    const hide = this.hideOrganizationFields || (this.profile === 'newer' && !this.#owns(actor, credit.customer_uuid));
    if (hide) for (const field of ORG_FIELDS) delete out[field];
    return out;
  }

  /**
   * A Decimal as DRF's JSON encoder sends it: `float(Decimal)`, the nearest double (JSON.stringify
   * writes its shortest round-trip digits, as Python's json module does, in JavaScript's notation);
   * or the exact decimal string with `decimalsAsStrings`.
   */
  #number(e: Exact, places?: number): number | string {
    const text = toPlain(e, places !== undefined && e.scale <= places ? places : undefined);
    return this.decimalsAsStrings ? text : Number(text);
  }

  /** The exact sum of the organization's credits, `except` one (the credit being saved). */
  #allocated(customerUuid: string, except?: FakeCredit): Exact {
    let sum: Exact = { units: 0n, scale: 5 };
    for (const c of this.credits) {
      if (c === except || c.customer_uuid !== customerUuid) continue;
      const v = exactOf(String(c.value));
      if (v) sum = plus(sum, v);
    }
    return sum;
  }

  // -------------------------------------------------------------------------------------------
  // Writing

  #write(text: string, index: number | undefined, partial: boolean, actor: Actor): Answer {
    let input: unknown = {};
    // DRF: an empty body is empty data.
    if (text.trim() !== '') {
      try {
        input = JSON.parse(text);
      } catch (error) {
        return new Answer(400, { detail: `JSON parse error - ${error instanceof Error ? error.message : 'invalid JSON'}` });
      }
    }
    if (input === null) return new Answer(400, { non_field_errors: ['No data provided'] });
    if (typeof input !== 'object' || Array.isArray(input)) {
      return new Answer(400, { non_field_errors: [`Invalid data. Expected a dictionary, but got ${pythonType(input)}.`] });
    }
    const body = input as Record<string, unknown>;
    const target = index === undefined ? undefined : this.credits[index];
    const errors: Record<string, string[]> = {};
    const changes: Record<string, unknown> = {};
    let project: FakeProject | undefined;
    for (const [field, kind] of WRITABLE[this.profile]) {
      if (!Object.hasOwn(body, field)) {
        // capture: POST without project, PUT without project.
        if (!partial && field === 'project') errors.project = ['This field is required.'];
        continue;
      }
      const raw = body[field];
      if (raw === null && !(kind.kind === 'date')) {
        errors[field] = ['This field may not be null.'];
        continue;
      }
      if (kind.kind === 'project') {
        const found = this.#project(raw);
        if (typeof found === 'string') {
          errors.project = [found];
          continue;
        }
        // capture: POST a second credit for the same project (UniqueValidator, before validate_project).
        if (this.credits.some((c) => c.project_uuid === found.uuid && c !== target)) {
          errors.project = ['project credit with this project already exists.'];
          continue;
        }
        // model: validate_project raises PermissionDenied for anyone not staff or owner of the
        // project's organization; it stops validation at once (capture: POST as a user with no roles).
        if (!this.#owns(actor, found.customer_uuid)) return new Answer(403, { detail: FORBIDDEN });
        project = found;
        continue;
      }
      const accepted = acceptField(kind, raw);
      if (accepted !== null && typeof accepted === 'object') errors[field] = [accepted.error];
      else changes[field] = accepted;
    }
    if (Object.keys(errors).length > 0) return new Answer(400, errors);

    const merged: FakeCredit = target
      ? { ...target, ...changes }
      : { ...this.#blank(project!), ...changes };
    if (project) {
      Object.assign(merged, {
        project_uuid: project.uuid,
        project_name: project.name,
        project_slug: project.slug,
        project: `${this.baseUrl}/api/projects/${project.uuid}/`,
        customer_uuid: project.customer_uuid,
      });
      const org = this.organizations.find((o) => o.uuid === project!.customer_uuid);
      if (org) Object.assign(merged, { customer_name: org.name, customer_slug: org.slug });
    }
    const rule = this.#modelRules(merged, target);
    if (rule) return new Answer(400, rule);

    if (target === undefined) {
      this.credits.push(merged);
      this.projects = this.projects.filter((p) => p.uuid !== merged.project_uuid);
      // DRF's CreateModelMixin: 201 with Location, the new credit's URL (capture: POST value 123.45678 (201)).
      return new Answer(201, this.#render(merged, actor), { Location: `${this.baseUrl}/api/project-credits/${merged.uuid}/` });
    }
    // DRF's ModelSerializer.update sets only the fields given, for PUT as for PATCH (capture: PUT project + value).
    this.credits[index!] = merged;
    if (project && project.uuid !== target.project_uuid) {
      this.projects = this.projects.filter((p) => p.uuid !== project!.uuid);
      this.projects.push({ uuid: target.project_uuid, name: target.project_name, slug: target.project_slug, customer_uuid: target.customer_uuid });
    }
    return new Answer(200, this.#render(merged, actor));
  }

  /**
   * `ProjectCredit.save()`, raising DRF's ValidationError with a message: a bare list.
   *
   * The sum rule is Waldur's as written, operator precedence included:
   *
   *     total_value = (ProjectCredit.objects.filter(project__customer=…).exclude(pk=self.pk)
   *                    .aggregate(sum=Sum("value"))["sum"] or 0 + self.value)
   *
   * reads `others or (0 + self.value)`: when the organization has other project credits (a sum
   * that is not None and not zero), `total_value` is their sum and this credit's own value is not
   * counted. So the first credit of an organization is checked against the customer credit
   * (capture: "POST the first credit of an organization, over its credit" → 400), while a credit
   * of an organization that has others only fails once the others already exceed it (capture:
   * "PATCH value over the organization's credit" → 200, allocated 101483.66789 of 10000.0). It
   * runs on every save: POST, PUT and PATCH alike.
   */
  #modelRules(credit: FakeCredit, target: FakeCredit | undefined): unknown {
    const org = this.organizations.find((o) => o.uuid === credit.customer_uuid);
    // capture: POST for a project whose organization has no customer credit.
    if (!org || org.credit === null) return ['Customer credit does not exist.'];
    const others = this.#allocated(credit.customer_uuid, target);
    const total = others.units !== 0n ? others : (exactOf(String(credit.value)) ?? others);
    const limit = exactOf(org.credit);
    if (limit && compare(total, limit) > 0) return ['The sum of project credits cannot exceed the credit for organization.'];
    // model: the newer BaseCredit.save refuses an end date that is not the first of a month.
    if (this.profile === 'newer' && typeof credit.end_date === 'string' && !credit.end_date.endsWith('-01')) {
      return { end_date: ['End date must be the first day of the month.'] };
    }
    return undefined;
  }

  /** A project URL as DRF's HyperlinkedRelatedField reads it: the project, or its message. */
  #project(raw: unknown): FakeProject | string {
    if (typeof raw !== 'string') return `Incorrect type. Expected URL string, received ${pythonType(raw)}.`;
    let path = raw;
    if (/^https?:/i.test(raw)) {
      try {
        path = new URL(raw).pathname;
      } catch {
        return 'Invalid hyperlink - No URL match.';
      }
      const prefix = new URL(this.baseUrl).pathname.replace(/\/$/, '');
      if (prefix && path.startsWith(`${prefix}/`)) path = path.slice(prefix.length);
    }
    try {
      path = decodeURIComponent(path);
    } catch {
      return 'Invalid hyperlink - No URL match.';
    }
    const match = /^\/api\/([^/]+)\/([^/.]+)\/$/.exec(path);
    // capture: POST project as bare hex uuid (not a URL).
    if (!match) return 'Invalid hyperlink - No URL match.';
    if (match[1] !== 'projects') return 'Invalid hyperlink - Incorrect URL match.';
    const uuid = hexUuid(match[2]);
    if (uuid === undefined) return 'Invalid hyperlink - Object does not exist.';
    const known = this.projects.find((p) => p.uuid === uuid);
    if (known) return known;
    const credited = this.credits.find((c) => c.project_uuid === uuid);
    if (credited) return { uuid, name: credited.project_name, slug: credited.project_slug, customer_uuid: credited.customer_uuid };
    if (this.#unknownProjects === 'reject') return 'Invalid hyperlink - Object does not exist.';
    const created: FakeProject = { uuid, name: `Project ${uuid.slice(0, 8)}`, slug: `project-${uuid.slice(0, 8)}`, customer_uuid: this.#homeOrganization().uuid };
    this.projects.push(created);
    return created;
  }

  /** The organization a project the fake has never seen belongs to: the first with a customer credit. */
  #homeOrganization(): FakeOrganization {
    const home = this.organizations.find((o) => o.credit !== null || this.#pending.has(o)) ?? this.organizations[0];
    if (home) return home;
    const made: FakeOrganization = { uuid: hex(this.#random), name: 'Organization', slug: 'organization', credit: null, offerings: [] };
    this.organizations.push(made);
    return made;
  }

  /** A new credit with the model's defaults. */
  #blank(project: FakeProject): FakeCredit {
    const org = this.organizations.find((o) => o.uuid === project.customer_uuid);
    const uuid = hex(this.#random);
    return {
      uuid,
      url: `${this.baseUrl}/api/project-credits/${uuid}/`,
      value: '0.00000',
      project: `${this.baseUrl}/api/projects/${project.uuid}/`,
      project_name: project.name,
      project_uuid: project.uuid,
      project_slug: project.slug,
      customer_name: org?.name ?? '',
      customer_slug: org?.slug ?? '',
      customer_uuid: project.customer_uuid,
      consumption_last_month: null,
      end_date: null,
      expected_consumption: '0.00000',
      minimal_consumption_logic: 'fixed',
      grace_coefficient: '0',
      apply_as_minimal_consumption: true,
      mark_unused_credit_as_spent_on_project_termination: false,
      use_organisation_credit: true,
      creditable_cost_this_month: null,
    };
  }

  /** A realistic credit, deterministic for a seed. */
  #generate(i: number, org: FakeOrganization | undefined): FakeCredit {
    const r = this.#random;
    const home = org ?? this.#homeOrganization();
    const uuid = hex(r);
    const project = hex(r);
    const value = (Math.floor(r() * 5_000_000) + 10_000) / 100;
    const logic = r() < 0.5 ? 'fixed' : 'linear';
    const consumed = r() < 0.35 ? Math.round(r() * value * 10) / 100 : null;
    return {
      uuid,
      url: `${this.baseUrl}/api/project-credits/${uuid}/`,
      value: decimalText(value.toFixed(2), 5),
      project: `${this.baseUrl}/api/projects/${project}/`,
      project_name: `${TOPICS[i % TOPICS.length]} ${Math.floor(i / TOPICS.length) + 1}`,
      project_uuid: project,
      project_slug: `project-${i + 1}`,
      customer_name: home.name,
      customer_slug: home.slug,
      customer_uuid: home.uuid,
      consumption_last_month: consumed,
      end_date: logic === 'linear' || r() < 0.5 ? `2027-${String(1 + Math.floor(r() * 12)).padStart(2, '0')}-01` : null,
      expected_consumption: decimalText((value / 12).toFixed(2), 5),
      minimal_consumption_logic: logic,
      grace_coefficient: String(Math.floor(r() * 4) * 5),
      apply_as_minimal_consumption: r() < 0.7,
      mark_unused_credit_as_spent_on_project_termination: r() < 0.5,
      use_organisation_credit: true,
      creditable_cost_this_month: r() < 0.5 ? decimalText((Math.round(r() * value * 5) / 100).toFixed(2), 5) : null,
    };
  }
}

const DEFAULT_ORGANIZATIONS: Partial<FakeOrganization>[] = [
  { name: 'University of Tartu', slug: 'ut', uuid: 'a9b8c7d6e5f44321b0a9f8e7d6c5b4a3', offerings: [offering('11112222333344445555666677778888', 'HPC cloud')] },
  { name: 'Tallinn University of Technology', slug: 'taltech', uuid: '3c4d5e6f7a8b4c9d8e0f1a2b3c4d5e6f', offerings: [offering('22223333444455556666777788889999', 'HPC cloud')] },
  { name: 'Estonian Biocentre', slug: 'biocentre', uuid: '5e6f7a8b9c0d4e1f9a2b3c4d5e6f7a8b', offerings: [offering('33334444555566667777888899990000', 'HPC cloud')] },
  { name: 'Weather Service', slug: 'weather', uuid: '7a8b9c0d1e2f4a3b8c4d5e6f7a8b9c0d', offerings: [] },
  { name: 'Open Science Lab', slug: 'osl', uuid: '9c0d1e2f3a4b4c5d9e6f7a8b9c0d1e2f', credit: null, offerings: [] },
];
const DEFAULT_PROJECTS: Partial<FakeProject>[] = [
  { name: 'Pilot study', slug: 'pilot-study', uuid: 'b1a2c3d4e5f64789a0b1c2d3e4f5a6b7', customer_uuid: 'a9b8c7d6e5f44321b0a9f8e7d6c5b4a3' },
  { name: 'Summer school', slug: 'summer-school', uuid: 'c2b3d4e5f6a74890b1c2d3e4f5a6b7c8', customer_uuid: '3c4d5e6f7a8b4c9d8e0f1a2b3c4d5e6f' },
  { name: 'Sequencing pilot', slug: 'sequencing-pilot', uuid: 'd3c4e5f6a7b84901c2d3e4f5a6b7c8d9', customer_uuid: '5e6f7a8b9c0d4e1f9a2b3c4d5e6f7a8b' },
  { name: 'Nowcasting trial', slug: 'nowcasting-trial', uuid: 'e4d5f6a7b8c94a12d3e4f5a6b7c8d9e0', customer_uuid: '7a8b9c0d1e2f4a3b8c4d5e6f7a8b9c0d' },
  { name: 'Citizen science', slug: 'citizen-science', uuid: 'f5e6a7b8c9d04b23e4f5a6b7c8d9e0f1', customer_uuid: '9c0d1e2f3a4b4c5d9e6f7a8b9c0d1e2f' },
];
const TOPICS = ['Genome assembly', 'Climate model', 'Protein folding', 'Language corpus', 'Traffic simulation', 'Particle physics'];

/** An offering of a default organization; its URL is filled in with the fake's base URL. */
function offering(uuid: string, name: string): FakeOffering {
  return { uuid, url: '', type: 'OpenStack.Tenant', name };
}

/** An organization credit with room above an allocation: 1.5 times it, up to two significant digits, at least 1 000 000. */
function headroom(allocated: Exact): string {
  const whole = Math.ceil(Number(toPlain(allocated)) * 1.5);
  const step = 10 ** Math.max(0, String(whole).length - 2);
  return `${Math.max(1_000_000, Math.ceil(whole / step) * step)}.00000`;
}

/** model: BaseCredit.minimal_consumption (0 unless applied; all of it in the end date's month). */
function minimalConsumption(c: FakeCredit): Exact | 0 | undefined {
  if (!c.apply_as_minimal_consumption) return 0;
  const expected = exactOf(String(c.expected_consumption));
  if (!expected) return undefined;
  const today = new Date();
  const thisMonth = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}`;
  if (typeof c.end_date === 'string' && c.end_date.startsWith(thisMonth)) return expected;
  const grace = exactOf(String(c.grace_coefficient));
  if (!grace) return undefined;
  // (100 - grace) / 100 * expected, exactly
  const factor = plus({ units: 100n, scale: 0 }, { units: -grace.units, scale: grace.scale });
  return { units: factor.units * expected.units, scale: factor.scale + expected.scale + 2 };
}

// ---------------------------------------------------------------------------------------------
// DRF's field parsing

/** DRF's message for a field it refuses. */
interface FieldError {
  error: string;
}

/** One writable field as DRF parses it: the value to store, or DRF's message. */
function acceptField(kind: Exclude<Writable, { kind: 'project' }>, raw: unknown): string | boolean | null | FieldError {
  switch (kind.kind) {
    case 'decimal': {
      const parsed = drfDecimal(raw, kind.maxDigits, kind.places, kind.min0);
      return 'error' in parsed ? parsed : toPlain(parsed, kind.places);
    }
    case 'date': {
      if (raw === null) return null;
      // DRF's DateField with ISO 8601: Django's parse_date (YYYY-M-D too), a real calendar date.
      const m = typeof raw === 'string' ? /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(raw) : null;
      const date = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
      if (!m || !date || date.getUTCMonth() !== Number(m[2]) - 1 || date.getUTCDate() !== Number(m[3]) || Number(m[1]) < 1) {
        return { error: 'Date has wrong format. Use one of these formats instead: YYYY-MM-DD.' };
      }
      return `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
    }
    case 'choice': {
      const text = pythonStr(raw);
      return kind.choices.includes(text) ? text : { error: `"${text}" is not a valid choice.` };
    }
    case 'boolean': {
      // DRF's BooleanField: TRUE_VALUES and FALSE_VALUES.
      if (raw === true || raw === 1 || (typeof raw === 'string' && TRUE_TEXT.has(raw))) return true;
      if (raw === false || raw === 0 || (typeof raw === 'string' && FALSE_TEXT.has(raw))) return false;
      return { error: 'Must be a valid boolean.' };
    }
  }
}

const TRUE_TEXT = new Set(['t', 'T', 'y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON', '1']);
const FALSE_TEXT = new Set(['f', 'F', 'n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF', '0']);

/**
 * DRF's DecimalField: `Decimal(str(data).strip())`, then validate_precision on the digits Python's
 * Decimal keeps (leading zeros dropped, trailing ones kept), then the MinValueValidator. Messages
 * from max_digits and decimal_places: captures "POST value with 6 decimal places", "POST value as
 * a JSON number with 12 integer digits", "POST negative value".
 */
function drfDecimal(raw: unknown, maxDigits: number, places: number, min0: boolean): Exact | FieldError {
  const text = typeof raw === 'number' ? (Number.isInteger(raw) && Math.abs(raw) < 1e21 ? BigInt(raw).toString() : String(raw)) : typeof raw === 'string' ? raw.trim() : undefined;
  if (text !== undefined && text.length > 1000) return { error: 'String value too large.' };
  const m = text === undefined ? null : /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!m || `${m[2]}${m[3] ?? ''}` === '') return { error: 'A valid number is required.' };
  const [, sign = '', int = '', frac = '', exp = '0'] = m;
  const exponent = Number(exp) - frac.length;
  const coefficient = `${int}${frac}`.replace(/^0+(?=\d)/, '');
  const n = coefficient === '0' ? 1 : coefficient.length;
  let total: number, whole: number, decimals: number;
  if (exponent >= 0) [total, whole, decimals] = [n + exponent, n + exponent, 0];
  else if (n > -exponent) [total, whole, decimals] = [n, n + exponent, -exponent];
  else [total, whole, decimals] = [-exponent, 0, -exponent];
  if (total > maxDigits) return { error: `Ensure that there are no more than ${maxDigits} digits in total.` };
  if (decimals > places) return { error: `Ensure that there are no more than ${places} decimal places.` };
  if (whole > maxDigits - places) return { error: `Ensure that there are no more than ${maxDigits - places} digits before the decimal point.` };
  // quantize to `places`: exact, since there are no more places than that
  const units = BigInt(coefficient) * 10n ** BigInt(exponent + places) * (sign === '-' ? -1n : 1n);
  if (min0 && units < 0n) return { error: 'Ensure this value is greater than or equal to 0.' };
  return { units, scale: places };
}

// ---------------------------------------------------------------------------------------------
// Exact decimals (the fake stores and adds money exactly, as PostgreSQL's numeric does)

/** An exact decimal: `units / 10^scale`. */
interface Exact {
  units: bigint;
  scale: number;
}

/** A plain decimal string (optional sign, no exponent) as an exact decimal; `undefined` if it is not one. */
function exactOf(text: string): Exact | undefined {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text.trim());
  if (!m || `${m[2]}${m[3] ?? ''}` === '') return undefined;
  const frac = m[3] ?? '';
  return { units: BigInt(`${m[2] || '0'}${frac}`) * (m[1] === '-' ? -1n : 1n), scale: frac.length };
}

function rescale(a: Exact, scale: number): bigint {
  return a.units * 10n ** BigInt(scale - a.scale);
}

function plus(a: Exact, b: Exact): Exact {
  const scale = Math.max(a.scale, b.scale);
  return { units: rescale(a, scale) + rescale(b, scale), scale };
}

function compare(a: Exact, b: Exact): number {
  const scale = Math.max(a.scale, b.scale);
  const [x, y] = [rescale(a, scale), rescale(b, scale)];
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Plain decimal text: with exactly `places` places when given (never fewer than needed), else without trailing zeros. */
function toPlain(a: Exact, places?: number): string {
  const scale = places !== undefined && places > a.scale ? places : a.scale;
  const units = rescale(a, scale);
  const digits = (units < 0n ? -units : units).toString().padStart(scale + 1, '0');
  let int = digits.slice(0, digits.length - scale);
  let frac = digits.slice(digits.length - scale);
  if (places === undefined) frac = frac.replace(/0+$/, '');
  int = int.replace(/^0+(?=\d)/, '');
  return `${units < 0n ? '-' : ''}${int}${frac ? `.${frac}` : ''}`;
}

/** A money amount given in an option (string or number) as a decimal string with 5 places. */
function moneyText(value: unknown): string {
  const e = exactOf(String(value));
  if (!e) throw new TypeError(`an organization credit must be a decimal, got ${JSON.stringify(value)}`);
  return toPlain(e, 5);
}

/** A decimal as DRF renders a DecimalField: a string with exactly `places` decimal places. */
function decimalText(text: string, places: number): string {
  return toPlain(exactOf(text)!, places);
}

// ---------------------------------------------------------------------------------------------
// Small helpers

/** A UUID as Python's `uuid.UUID()` reads it (hyphens anywhere, braces, `urn:uuid:`, any case), as 32 lower-case hex digits. */
function hexUuid(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim().replace(/urn:|uuid:/gi, '').replace(/^\{|\}$/g, '').replaceAll('-', '');
  return /^[0-9a-f]{32}$/i.test(text) ? text.toLowerCase() : undefined;
}

/** Python's `int()` of a query parameter (surrounding spaces and a sign allowed), else `undefined`. */
function pythonInt(text: string | undefined): number | undefined {
  const t = text?.trim();
  return t !== undefined && /^[+-]?\d+$/.test(t) ? Number(t) : undefined;
}

/** Python's type name of a JSON value, for DRF's messages. */
function pythonType(value: unknown): string {
  if (value === null) return 'NoneType';
  if (Array.isArray(value)) return 'list';
  switch (typeof value) {
    case 'string':
      return 'str';
    case 'boolean':
      return 'bool';
    case 'number':
      return Number.isInteger(value) ? 'int' : 'float';
    default:
      return 'dict';
  }
}

/** Python's `str()` of a JSON value, for DRF's messages. */
function pythonStr(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  return typeof value === 'number' ? String(value) : JSON.stringify(value);
}

/**
 * A Link URL as DRF's replace_query_param / remove_query_param build it: the query re-encoded
 * with its keys sorted (capture: GET o=-value&page_size=2 has `?o=-value&page=2&page_size=2`,
 * and `o=-value%2Cproject_name`); page 1 has no `page`.
 */
function pageUrl(url: URL, page: number): string {
  const groups = new Map<string, string[]>();
  for (const [key, value] of url.searchParams) {
    if (key === 'page') continue;
    groups.set(key, [...(groups.get(key) ?? []), value]);
  }
  if (page !== 1) groups.set('page', [String(page)]);
  const query = [...groups.keys()]
    .sort()
    .flatMap((key) => groups.get(key)!.map((value) => `${quotePlus(key)}=${quotePlus(value)}`))
    .join('&');
  return `${url.origin}${url.pathname}${query ? `?${query}` : ''}`;
}

/** Python's `urllib.parse.quote_plus`. */
function quotePlus(text: string): string {
  return encodeURIComponent(text)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replaceAll('%20', '+');
}

function recordHeaders(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    out[name] = name === 'authorization' ? `${/^\S+\s/.test(value.trim()) ? value.trim().split(/\s+/)[0] + ' ' : ''}***` : value;
  });
  return out;
}

function parseBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function slugify(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
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
