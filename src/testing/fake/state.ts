/**
 * An in-memory fake of Waldur's `/api/project-credits/` that answers like a real server, byte for
 * byte where a capture shows it. Pure: it turns a `Request` into a `Response` (./router.ts). It is
 * an independent oracle for the SDK's tests: it imports nothing of the SDK and keeps its own
 * knowledge of Waldur, in this folder:
 *
 *   state.ts     the server's state (this file): credits, organizations, projects, users, switches
 *   router.ts    a request to its answer: authentication, the collection and detail URLs
 *   read.ts      a list: filters, ordering, pages, Link and X-Result-Count
 *   write.ts     create, update, partial update: DRF's validation and the model's rules
 *   render.ts    a credit as the server renders it to a user, computed fields included
 *   profiles.ts  what each server version (legacy, current, newer) renders, accepts and orders by
 *   drf.ts       DRF's parsing and messages; exact.ts big decimals; random.ts the seeded PRNG;
 *   data.ts      default and generated data; requests.ts the recorded requests; types.ts the types
 *
 * Sources, cited next to each rule:
 * - "capture: …" is a heading of `real-waldur-captures.md`: a real Waldur of 2024-10-25 (DRF 3.16,
 *   django-filter 25.1) on the wire. The `legacy` profile is that server.
 * - "8.0.9" is Waldur's published OpenAPI document of 8.0.9 and its API docs (the `current` profile).
 * - "model" is Waldur's own code for project credits (the ViewSet, the serializer, the filter set
 *   and `ProjectCredit.save`), read where the captures are silent. The `newer` profile is the
 *   release that adds `spendable_value` and friends.
 * - "DRF" / "django-filter" / "Django" is the framework behaviour those servers run on.
 */
import { blankCredit, DEFAULT_ORGANIZATIONS, DEFAULT_PROJECTS, generatedCredit, headroom, slugify } from './data.js';
import { hexUuid } from './drf.js';
import type { Exact } from './exact.js';
import { exactOf, moneyText, plus } from './exact.js';
import { FIELDS } from './profiles.js';
import { mulberry32, randomUuid } from './random.js';
import type { FakeCredit, FakeOffering, FakeOrganization, FakeProfile, FakeProject, FakeRequest, FakeUser, FakeWaldurOptions } from './types.js';

/** The state of one fake server, and what its rules ask of it (who sees and owns what, sums). */
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
  /** The staff token. */
  readonly token: string;
  readonly unknownProjects: 'create' | 'reject';
  readonly defaultPageSize: number;
  readonly maxPageSize: number;
  /** The seeded PRNG of generated credits and new UUIDs. */
  readonly random: () => number;
  /** While constructing: organizations that will get a customer credit once their credits are known. */
  readonly #pending = new Set<FakeOrganization>();

  constructor(options: FakeWaldurOptions = {}) {
    this.baseUrl = (options.baseUrl ?? 'https://waldur.test').replace(/\/+$/, '');
    this.profile = options.profile ?? 'current';
    if (!(this.profile in FIELDS)) throw new TypeError(`profile must be 'legacy', 'current' or 'newer', got ${JSON.stringify(this.profile)}`);
    this.token = options.token ?? 'test';
    this.users = { ...options.users };
    this.unknownProjects = options.unknownProjects ?? 'create';
    this.hideOrganizationFields = options.hideOrganizationFields ?? false;
    this.decimalsAsStrings = options.decimalsAsStrings ?? false;
    this.countHeader = options.countHeader ?? true;
    this.linkHeader = options.linkHeader ?? true;
    this.defaultPageSize = options.defaultPageSize ?? 10;
    this.maxPageSize = options.maxPageSize ?? 300;
    this.random = mulberry32(options.seed ?? 1);

    // Organizations first: generated credits are spread over those with a customer credit.
    const auto = this.#pending;
    this.organizations = (options.organizations ?? DEFAULT_ORGANIZATIONS).map((o, i) => {
      const org: FakeOrganization = {
        uuid: hexUuid(o.uuid) ?? randomUuid(this.random),
        name: o.name ?? `Organization ${i + 1}`,
        slug: o.slug ?? slugify(o.name ?? `organization-${i + 1}`),
        credit: o.credit === undefined || o.credit === null ? null : moneyText(o.credit),
        offerings: (o.offerings ?? []).map((f) => ({ ...f, url: f.url || `${this.baseUrl}/api/marketplace-public-offerings/${f.uuid}/` })),
      };
      if (o.credit === undefined) auto.add(org);
      return org;
    });
    this.projects = (options.projects ?? (options.organizations ? [] : DEFAULT_PROJECTS)).map((p, i) => ({
      uuid: hexUuid(p.uuid) ?? randomUuid(this.random),
      name: p.name ?? `Project ${i + 1}`,
      slug: p.slug ?? slugify(p.name ?? `project-${i + 1}`),
      customer_uuid: hexUuid(p.customer_uuid) ?? this.homeOrganization().uuid,
    }));

    const init = options.credits ?? 0;
    const funded = this.organizations.filter((o) => o.credit !== null || auto.has(o));
    const generate = (i: number) => generatedCredit(i, funded[i % Math.max(1, funded.length)] ?? this.homeOrganization(), this.random, this.baseUrl);
    if (typeof init === 'number') {
      this.credits = Array.from({ length: init }, (_, i) => generate(i));
    } else {
      this.credits = init.map((partial, i) => {
        const credit: FakeCredit = { ...generate(i), ...partial };
        credit.uuid = hexUuid(credit.uuid) ?? credit.uuid;
        credit.project_uuid = hexUuid(credit.project_uuid) ?? credit.project_uuid;
        credit.customer_uuid = hexUuid(credit.customer_uuid) ?? credit.customer_uuid;
        credit.url = `${this.baseUrl}/api/project-credits/${credit.uuid}/`;
        credit.project = `${this.baseUrl}/api/projects/${credit.project_uuid}/`;
        // Organization-level fields given with a credit belong to its organization.
        let org = this.organization(credit.customer_uuid);
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
        for (const field of [
          'customer_credit',
          'allocated_customer_credit',
          'offerings',
          'minimal_consumption',
          'spendable_value',
          'is_limited_by_organization_credit',
        ]) {
          delete credit[field];
        }
        return credit;
      });
    }
    // An organization whose credit was not given gets one with room above its allocation.
    for (const org of auto) org.credit = headroom(this.allocated(org.uuid));
    auto.clear();
  }

  /** The credit with this UUID (hex or hyphenated, any case), if any. */
  credit(uuid: string): FakeCredit | undefined {
    const hexId = hexUuid(uuid);
    return hexId === undefined ? undefined : this.credits.find((c) => c.uuid === hexId);
  }

  /** The organization with this hex UUID, if any. */
  organization(uuid: string): FakeOrganization | undefined {
    return this.organizations.find((o) => o.uuid === uuid);
  }

  /** model: the queryset excludes credits of organizations without a customer credit, and GenericRoleFilter scopes it by role. */
  visible(credit: FakeCredit, actor: FakeUser): boolean {
    const org = this.organization(credit.customer_uuid);
    if (org && org.credit === null) return false;
    switch (actor.role) {
      case 'staff':
        return true;
      case 'owner':
        return this.owns(actor, credit.customer_uuid);
      case 'project':
        // model: project roles read project credits only since the newer release.
        return this.profile === 'newer' && actor.projects.some((p) => hexUuid(p) === credit.project_uuid);
      default:
        return false;
    }
  }

  /** Whether the user is staff or an owner of this organization. */
  owns(actor: FakeUser, customerUuid: string): boolean {
    return actor.role === 'staff' || (actor.role === 'owner' && actor.organizations.some((o) => hexUuid(o) === customerUuid));
  }

  /** The exact sum of the organization's credits, `except` one (the credit being saved). */
  allocated(customerUuid: string, except?: FakeCredit): Exact {
    let sum: Exact = { units: 0n, scale: 5 };
    for (const c of this.credits) {
      if (c === except || c.customer_uuid !== customerUuid) continue;
      const v = exactOf(c.value);
      if (v) sum = plus(sum, v);
    }
    return sum;
  }

  /** The organization a project the fake has never seen belongs to: the first with a customer credit. */
  homeOrganization(): FakeOrganization {
    const home = this.organizations.find((o) => o.credit !== null || this.#pending.has(o)) ?? this.organizations[0];
    if (home) return home;
    const made: FakeOrganization = { uuid: randomUuid(this.random), name: 'Organization', slug: 'organization', credit: null, offerings: [] };
    this.organizations.push(made);
    return made;
  }

  /** A new credit for `project`, with the model's defaults. */
  blank(project: FakeProject): FakeCredit {
    return blankCredit(project, this.organization(project.customer_uuid), this.random, this.baseUrl);
  }
}
