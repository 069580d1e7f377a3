/**
 * `waldur.projectCredits`: one method per operation of `/api/project-credits/`, each taking
 * domain values (Decimals, UUIDs in any form) and answering domain values or a typed error.
 */
import {
  projectCreditsCount,
  projectCreditsCreate,
  projectCreditsDestroy,
  projectCreditsList,
  projectCreditsPartialUpdate,
  projectCreditsRetrieve,
  projectCreditsUpdate,
} from '../../generated/sdk.gen.js';
import type {
  ProjectCreditsCountData,
  ProjectCreditsCreateData,
  ProjectCreditsDestroyData,
  ProjectCreditsListData,
  ProjectCreditsPartialUpdateData,
  ProjectCreditsRetrieveData,
  ProjectCreditsUpdateData,
} from '../../generated/types.gen.js';
import { applyChanges, checkChanges } from './apply/index.js';
import { newVocabulary, readContext, readCredit, ShapeError } from './read.js';
import type { ReadContext } from './read.js';
import type { ProjectCredit, ProjectCreditQuery } from './types.js';
import { writeCredit, writeQuery } from './write.js';
import { clip, describe } from '../core/describe.js';
import { WaldurInputError, WaldurNotFoundError, WaldurResponseError } from '../core/errors.js';
import type { RequestInfo } from '../core/errors.js';
import { parseLinkHeader } from '../core/paging/link.js';
import { makePage } from '../core/paging/page.js';
import type { FetchPage, OnHead } from '../core/paging/page.js';
import { WALK_PAGES } from '../core/paging/promise.js';
import { DEFAULT_PAGE_SIZE, WALK_PAGE_SIZE } from '../core/paging/sizes.js';
import { checkWalkOptions, walkPages } from '../core/paging/walk.js';
import type { CheckedWalkOptions, WalkItems } from '../core/paging/walk.js';
import { PagePromise } from './pages.js';
import type { ProjectCreditsResource } from './methods.js';
import { checkRequestOptions } from '../core/options.js';
import type { RequestOptions, TransportSettings } from '../core/options.js';
import type { Answer } from '../core/transport/exchange.js';
import { createHttpClient } from '../core/transport/http-client.js';
import { canonicalUuid } from '../core/uuid.js';

/**
 * The operations' paths, for naming a credit by its URL and a request the SDK did not send; typed
 * by the generated OpenAPI types, so that this stops compiling when the document changes a path.
 * (Requests are sent by the generated functions, which carry the paths themselves.)
 */
const COLLECTION =
  '/api/project-credits/' satisfies ProjectCreditsListData['url'] satisfies ProjectCreditsCountData['url'] satisfies ProjectCreditsCreateData['url'];
const ITEM =
  '/api/project-credits/{uuid}/' satisfies ProjectCreditsRetrieveData['url'] satisfies ProjectCreditsUpdateData['url'] satisfies ProjectCreditsPartialUpdateData['url'] satisfies ProjectCreditsDestroyData['url'];

/** The query's parameters: one given among a method's options is told where it belongs. */
const QUERY_PARAMETERS: ReadonlySet<string> = new Set(
  Object.keys({
    customer_name: 0,
    customer_slug: 0,
    customer_uuid: 0,
    project_name: 0,
    project_uuid: 0,
    query: 0,
    o: 0,
    page: 0,
    page_size: 0,
  } satisfies Record<keyof ProjectCreditQuery, 0>),
);

/** Refuses a query parameter given as an option of `method` (`listAll({}, { page_size })`), saying where it goes. */
function checkNoQueryInOptions(method: string, options: unknown): void {
  if (options === null || typeof options !== 'object') return;
  for (const key of Object.keys(options)) {
    if (QUERY_PARAMETERS.has(key)) {
      throw new WaldurInputError(`options.${key}`, `is a query parameter, not an option: give it in the query, ${method}({ ${key} })`);
    }
  }
}

/** A promise that never settles: what a request planned but not sent answers. */
const UNSENT: Promise<never> = new Promise(() => undefined);

/**
 * Builds the resource over one client's transport settings. Each method checks its input, calls
 * the generated request function of its operation with this client's HTTP client, and reads the answer.
 */
export function projectCreditsResource(settings: TransportSettings): ProjectCreditsResource {
  const client = createHttpClient(settings);
  /** The request `projectCreditsList` makes for `query`, planned but not sent: what a walk's error about a page names. */
  const listRequest = (query: ProjectCreditsListData['query']): RequestInfo => {
    let planned!: RequestInfo;
    void projectCreditsList({ client: createHttpClient(settings, (_, request) => ((planned = request), UNSENT)), query });
    return planned;
  };
  // Enum values this client's server has sent, so its credits can be sent back as they are.
  const vocabulary = newVocabulary();
  /** The credits of an answer: its body (`items` for a page) read with one shared context. */
  const credits = <T>(answer: Answer, read: (context: ReturnType<typeof readContext>) => T): T => {
    try {
      return read(readContext(vocabulary));
    } catch (error) {
      if (error instanceof ShapeError) throw shape(answer, error.message);
      throw error;
    }
  };
  const credit = (answer: Answer): ProjectCredit => credits(answer, (context) => readCredit(answer.body, 'credit', context));

  const resource: ProjectCreditsResource = {
    async get(uuid, options) {
      const id = creditId(uuid, settings.baseUrl);
      const opts = checkRequestOptions(options);
      return credit(await projectCreditsRetrieve({ client, path: { uuid: id }, ...opts }));
    },

    async count(query, options) {
      const q = writeQuery(query);
      checkNoQueryInOptions('count', options);
      const opts = checkRequestOptions(options);
      const answer = await projectCreditsCount({ client, query: q, ...opts });
      const total = resultCount(answer);
      if (total === null) {
        throw new WaldurResponseError(
          answer.request,
          answer.response.status,
          'no X-Result-Count header (a browser sees it only when the server lists it in Access-Control-Expose-Headers)',
        );
      }
      return total;
    },

    list(query, options) {
      let walkOptions: CheckedWalkOptions;
      let opts: RequestOptions;
      let q: ReturnType<typeof writeQuery>;
      try {
        q = writeQuery(query);
        checkNoQueryInOptions('list', options);
        const { concurrency, limit, onProgress, onDrift, ...rest } = options ?? {};
        walkOptions = checkWalkOptions({ concurrency, limit, onProgress, onDrift });
        opts = checkRequestOptions(rest);
      } catch (error) {
        // Reported when the list is awaited or iterated, like any other failure, and before any request.
        return new PagePromise<ProjectCredit>(
          () => Promise.reject(error),
          // eslint-disable-next-line require-yield, @typescript-eslint/require-await -- a walk that fails before its first page: nothing to yield or await
          async function* () {
            throw error;
          },
        );
      }
      const { page: firstPage = 1, page_size: pageSize, ...filters } = q;
      const fetchPage: FetchPage<ProjectCredit> = async (page, size, signal, onHead) => {
        const onHeaders =
          onHead &&
          ((response: Response) =>
            onHead({ page, pageSize: size, total: headCount(response), links: parseLinkHeader(response.headers.get('Link')) }));
        const query = { ...filters, page, page_size: size };
        const answer = await projectCreditsList({ client, query, ...opts, ...(signal ? { signal } : {}), onHeaders });
        if (!Array.isArray(answer.body)) throw shape(answer, `the body is ${describe(answer.body)}, not a list`);
        const body = answer.body;
        const items = credits(answer, (context) => body.map((raw, i) => readItem(raw, i, context)));
        return { items, total: resultCount(answer), links: parseLinkHeader(answer.response.headers.get('Link')) };
      };
      // Unless the caller names a page size: 100 for one page awaited, Waldur's largest for a walk.
      const load = async (signal: AbortSignal | undefined, walk: boolean, onHead?: OnHead) => {
        const size = pageSize ?? (walk ? WALK_PAGE_SIZE : DEFAULT_PAGE_SIZE);
        return makePage(await fetchPage(firstPage, size, signal, onHead), firstPage, size, fetchPage, signal ?? opts.signal);
      };
      const fail = (page: number, size: number, problem: string) =>
        new WaldurResponseError(listRequest({ ...filters, page, page_size: size }), 200, problem);
      return new PagePromise(load, (first) => walkPages(first, fetchPage, CREDITS, walkOptions, opts.signal, fail));
    },

    async listAll(query, options) {
      checkNoQueryInOptions('listAll', options);
      const all: ProjectCredit[] = [];
      for await (const credits of resource.list(query, options)[WALK_PAGES]()) all.push(...credits);
      return all;
    },

    async create(input, options) {
      const body = writeCredit(input, settings.baseUrl, false, vocabulary);
      const opts = checkRequestOptions(options);
      return credit(await projectCreditsCreate({ client, body, ...opts }));
    },

    async update(uuid, input, options) {
      const id = creditId(uuid, settings.baseUrl);
      const body = writeCredit(input, settings.baseUrl, false, vocabulary);
      const opts = checkRequestOptions(options);
      return credit(await projectCreditsUpdate({ client, path: { uuid: id }, body, ...opts }));
    },

    async patch(uuid, input, options) {
      const id = creditId(uuid, settings.baseUrl);
      const body = writeCredit(input, settings.baseUrl, true, vocabulary);
      const opts = checkRequestOptions(options);
      return credit(await projectCreditsPartialUpdate({ client, path: { uuid: id }, body, ...opts }));
    },

    applyChanges(changes, options) {
      return applyChanges(applyContext, changes, options);
    },

    checkChanges(changes) {
      return checkChanges(applyContext, changes);
    },

    async delete(uuid, options) {
      const id = creditId(uuid, settings.baseUrl);
      const opts = checkRequestOptions(options);
      // A retry that finds the credit gone means an earlier attempt deleted it (its answer was lost).
      await projectCreditsDestroy({ client, path: { uuid: id }, ...opts, doneAfterRetry: (error) => error instanceof WaldurNotFoundError });
    },
  };
  const applyContext = {
    resource,
    creditId: (value: unknown) => creditId(value, settings.baseUrl),
    checkPatch: (input: unknown) => writeCredit(input, settings.baseUrl, true, vocabulary) as Record<string, unknown>,
  };
  return resource;
}

/** Credits in a walk: one credit once, by its UUID. */
const CREDITS: WalkItems<ProjectCredit> = { key: (credit) => credit.uuid, plural: 'credits' };

/** Credit `i` of a page; an error names it `items.i` (the path is built only then). */
function readItem(raw: unknown, i: number, context: ReadContext): ProjectCredit {
  try {
    return readCredit(raw, 'credit', context);
  } catch (error) {
    if (error instanceof ShapeError) throw new ShapeError(`items.${i}${error.message.slice('credit'.length)}`);
    throw error;
  }
}

/**
 * A credit named by the caller: its UUID (32 hex digits or hyphenated, any case) or its API URL
 * on this client's Waldur, as the canonical UUID. A URL on another origin is refused: it names a
 * credit of another deployment.
 */
function creditId(value: unknown, baseUrl: string): string {
  const uuid = canonicalUuid(value);
  if (uuid !== undefined) return uuid;
  const expected = `expected a credit UUID (32 hex digits, hyphens optional) or its URL ${baseUrl}${ITEM}`;
  let url: URL | undefined;
  try {
    url = typeof value === 'string' ? new URL(value) : undefined;
  } catch {
    url = undefined;
  }
  if (!url) throw new WaldurInputError('uuid', `${expected}, got ${describe(value)}`);
  const base = new URL(baseUrl);
  if (url.origin !== base.origin) {
    throw new WaldurInputError('uuid', `is a URL on ${clip(url.origin, 100)}, not on this client's ${base.origin}; pass credit.uuid instead`);
  }
  const prefix = `${base.pathname.replace(/\/$/, '')}${COLLECTION}`;
  const rest = url.pathname.startsWith(prefix) && !url.search && !url.hash ? url.pathname.slice(prefix.length).replace(/\/$/, '') : '';
  const id = canonicalUuid(rest);
  if (id === undefined) throw new WaldurInputError('uuid', `${expected}, got ${describe(value)}`);
  return id;
}

/** The error of an answer of the wrong shape; its problem may quote the body, so the token is cut out. */
function shape(answer: Answer, problem: string): WaldurResponseError {
  return new WaldurResponseError(answer.request, answer.response.status, `unexpected response: ${answer.redact(problem)}`);
}

/** `X-Result-Count` read leniently, from the headers alone (for starting a walk early): `null` when unsure. */
function headCount(response: Response): number | null {
  const raw = response.headers.get('X-Result-Count')?.trim();
  const count = raw !== undefined && /^\d{1,15}$/.test(raw) ? Number(raw) : null;
  return count;
}

/**
 * `X-Result-Count` as a number; `null` when absent or not a whole number. A count too large to be
 * exact in JavaScript (over 2^53) is a {@link WaldurResponseError}: a count is never rounded.
 */
function resultCount(answer: Answer): number | null {
  const raw = answer.response.headers.get('X-Result-Count')?.trim();
  if (raw === undefined || !/^\d+$/.test(raw)) return null;
  const count = Number(raw);
  if (!Number.isSafeInteger(count)) {
    throw shape(answer, `X-Result-Count is ${raw.length > 30 ? `a ${raw.length}-digit number` : raw}, too large to be a count of credits`);
  }
  return count;
}
