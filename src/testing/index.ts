/**
 * `waldur-project-credits/testing`: a fake Waldur to test apps against, without a server.
 *
 * @example
 * ```ts
 * import { createWaldurClient } from 'waldur-project-credits';
 * import { createFakeWaldur } from 'waldur-project-credits/testing';
 *
 * const fake = createFakeWaldur({ credits: 250, token: 'test' });
 * const waldur = createWaldurClient({ baseUrl: fake.baseUrl, token: 'test', fetch: fake.fetch });
 * expect(await waldur.projectCredits.count()).toBe(250);
 * ```
 *
 * @module waldur-project-credits/testing
 */
import { handle } from './fake/router.js';
import { FakeWaldurState } from './fake/state.js';
import type { FakeCredit, FakeOrganization, FakeProfile, FakeProject, FakeRequest, FakeUser, FakeWaldurOptions } from './fake/types.js';

export type {
  FakeCredit,
  FakeNoRoleUser,
  FakeOffering,
  FakeOrganization,
  FakeOwnerUser,
  FakeProfile,
  FakeProject,
  FakeProjectUser,
  FakeRequest,
  FakeStaffUser,
  FakeUser,
  FakeWaldurOptions,
} from './fake/types.js';

/**
 * A running fake Waldur. Its state is yours to read and change between requests.
 *
 * @group Testing
 */
export interface FakeWaldur {
  /** The origin (and prefix) the fake answers for: pass it as `baseUrl`. */
  readonly baseUrl: string;
  /** The Waldur the fake emulates (see {@link FakeWaldurOptions.profile}). */
  readonly profile: FakeProfile;
  /**
   * A `fetch` serving the fake: pass it as the client's `fetch`. Needs no MSW. Other URLs fail like
   * an unreachable host. For MSW handlers serving the same fake: `mswHandlers(fake)` from
   * `waldur-project-credits/testing/msw`.
   */
  readonly fetch: typeof fetch;
  /** The credits as the server stores them (hex UUIDs, decimal strings), in creation order: assert against them, or change them. */
  credits: FakeCredit[];
  /** The organizations and their customer credits: change `credit` to test the sum rule, or set it to `null`. */
  organizations: FakeOrganization[];
  /** Projects the fake knows that have no credit: where to create one. */
  projects: FakeProject[];
  /** Tokens besides the staff `token`, each with its user's role: add or remove some between requests. */
  users: Record<string, FakeUser>;
  /** Every request answered, in order: method, URL, status, headers (`authorization` redacted) and body. */
  readonly requests: FakeRequest[];
  /** The stored credit with this UUID (hex or hyphenated, any case), or `undefined`. */
  credit(uuid: string): FakeCredit | undefined;
  /** Hide organization-level fields (`customer_credit`, `allocated_customer_credit`, `offerings`) for every token. */
  hideOrganizationFields: boolean;
  /** Send the organization amounts and consumption as decimal strings instead of JSON numbers. */
  decimalsAsStrings: boolean;
  /** Send `X-Result-Count` (turn off to test what a browser sees without CORS exposure). */
  countHeader: boolean;
  /** Send the `Link` header. */
  linkHeader: boolean;
}

/**
 * Creates an in-memory fake of Waldur's `/api/project-credits/` that answers as a real server
 * does (its wire captures and published documents): hex UUIDs, money as decimal strings and
 * organization amounts as JSON numbers, `X-Result-Count` and `Link` with absolute URLs, `page`
 * (`last` too) and `page_size` (capped at 300; 0 or less is the default 10), 404 `Invalid page.`,
 * the filters and `o` orderings of the profile (unknown ones 400, invalid UUIDs 400), `HEAD`
 * counts, DRF's 400s (field messages, model rules as a bare list: one credit per project, the
 * organization's credit), 201 with `Location`, roles by token (401, 403, empty lists). A project
 * UUID it does not know is taken as a new project of the first organization with a credit,
 * unless `unknownProjects: 'reject'`.
 *
 * @group Testing
 */
export function createFakeWaldur(options: FakeWaldurOptions = {}): FakeWaldur {
  const state = new FakeWaldurState(options);
  const fakeFetch: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    if (!request.url.startsWith(`${state.baseUrl}/`)) {
      throw new TypeError(`fetch failed: the fake Waldur serves ${state.baseUrl} only, not ${new URL(request.url).origin}`);
    }
    if (init?.signal?.aborted || request.signal.aborted) throw request.signal.reason ?? new DOMException('aborted', 'AbortError');
    return handle(state, request);
  };
  const fake = {
    baseUrl: state.baseUrl,
    profile: state.profile,
    fetch: fakeFetch,
    requests: state.requests,
    credit: (uuid: string) => state.credit(uuid),
  } as FakeWaldur;
  // The server's state and switches, read and written through to the fake's state.
  for (const key of LIVE_FIELDS) {
    Object.defineProperty(fake, key, {
      enumerable: true,
      get: () => state[key],
      set: (value: never) => {
        state[key] = value;
      },
    });
  }
  // `fake.handlers` (0.1.0) moved to its own entry, so that this one's types need no msw: say where.
  Object.defineProperty(fake, 'handlers', {
    get() {
      throw new Error("fake.handlers moved: import { mswHandlers } from 'waldur-project-credits/testing/msw', then server.use(...mswHandlers(fake))");
    },
  });
  return fake;
}

/** The fields of a {@link FakeWaldur} that read and write its state, between requests too. */
const LIVE_FIELDS = [
  'credits',
  'organizations',
  'projects',
  'users',
  'hideOrganizationFields',
  'decimalsAsStrings',
  'countHeader',
  'linkHeader',
] as const satisfies readonly (keyof FakeWaldur & keyof FakeWaldurState)[];
