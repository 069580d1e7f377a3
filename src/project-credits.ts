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
} from '../generated/sdk.gen.js';
import type { ProjectCreditsListData } from '../generated/types.gen.js';
import { readCredit, ShapeError, writeCredit, writeQuery } from './credit.js';
import type { ProjectCredit, ProjectCreditInput, ProjectCreditPatch, ProjectCreditQuery } from './credit.js';
import { WaldurResponseError } from './errors.js';
import type { RequestInfo } from './errors.js';
import { checkRequestOptions, exchange } from './transport.js';
import type { Answer, RequestOptions, TransportSettings } from './transport.js';
import { parseUuidInput, wireUuid } from './uuid.js';

/** One page of a list. */
export interface Page {
  /** The credits of this page, in server order. */
  items: ProjectCredit[];
  /** All credits matching the filters (`X-Result-Count`); `null` when the server hid the header (CORS). */
  total: number | null;
  /** This page's number, from 1. */
  page: number;
  /** The page size asked for (`page_size`); `null` when the server's default was used. */
  pageSize: number | null;
}

/** The project credits resource of one client. */
export interface ProjectCreditsResource {
  /**
   * One credit. `GET /api/project-credits/{uuid}/`.
   * @param uuid - the credit's UUID, hyphenated or 32 hex digits.
   */
  get(uuid: string, options?: RequestOptions): Promise<ProjectCredit>;
  /** How many credits match the filters (`HEAD`, `X-Result-Count`). */
  count(query?: ProjectCreditQuery, options?: RequestOptions): Promise<number>;
  /** One page of credits matching the filters. `GET /api/project-credits/`. */
  list(query?: ProjectCreditQuery, options?: RequestOptions): Promise<Page>;
  /** Creates a credit. `POST /api/project-credits/`. POST is never retried. */
  create(input: ProjectCreditInput, options?: RequestOptions): Promise<ProjectCredit>;
  /** Replaces a credit's writable fields (`PUT`); fields left out take the server's defaults. */
  update(uuid: string, input: ProjectCreditInput, options?: RequestOptions): Promise<ProjectCredit>;
  /** Changes the given fields only (`PATCH`). */
  patch(uuid: string, input: ProjectCreditPatch, options?: RequestOptions): Promise<ProjectCredit>;
  /** Deletes a credit. `DELETE /api/project-credits/{uuid}/`. */
  delete(uuid: string, options?: RequestOptions): Promise<void>;
}

const COLLECTION = '/api/project-credits/';

/** Builds the resource over one client's transport settings. */
export function projectCreditsResource(settings: TransportSettings): ProjectCreditsResource {
  const info = (method: string, path: string, query?: ProjectCreditsListData['query']): RequestInfo => ({
    method,
    url: `${settings.baseUrl}${path}${queryString(query)}`,
  });
  const itemPath = (uuid: string) => `${COLLECTION}${uuid}/`;

  return {
    async get(uuid, options) {
      const id = wireUuid(parseUuidInput(uuid, 'uuid'));
      const opts = checkRequestOptions(options);
      const answer = await exchange(settings, info('GET', itemPath(id)), opts, (call) =>
        projectCreditsRetrieve({ ...call, path: { uuid: id } }),
      );
      return credit(answer);
    },

    async count(query, options) {
      const q = writeQuery(query);
      const opts = checkRequestOptions(options);
      const answer = await exchange(settings, info('HEAD', COLLECTION, q), opts, (call) =>
        projectCreditsCount({ ...call, query: q }),
      );
      const total = resultCount(answer.response);
      if (total === null) {
        throw new WaldurResponseError(
          answer.request,
          answer.response.status,
          'no X-Result-Count header (a browser sees it only when the server lists it in Access-Control-Expose-Headers)',
        );
      }
      return total;
    },

    async list(query, options) {
      const q = writeQuery(query);
      const opts = checkRequestOptions(options);
      const answer = await exchange(settings, info('GET', COLLECTION, q), opts, (call) =>
        projectCreditsList({ ...call, query: q }),
      );
      if (!Array.isArray(answer.body)) throw shape(answer, `the body is ${typeof answer.body}, not a list`);
      const items = answer.body.map((raw, i) => credit({ ...answer, body: raw }, `items.${i}`));
      return { items, total: resultCount(answer.response), page: q.page ?? 1, pageSize: q.page_size ?? null };
    },

    async create(input, options) {
      const body = writeCredit(input, settings.baseUrl, false);
      const opts = checkRequestOptions(options);
      return credit(await exchange(settings, info('POST', COLLECTION), opts, (call) => projectCreditsCreate({ ...call, body })));
    },

    async update(uuid, input, options) {
      const id = wireUuid(parseUuidInput(uuid, 'uuid'));
      const body = writeCredit(input, settings.baseUrl, false);
      const opts = checkRequestOptions(options);
      return credit(
        await exchange(settings, info('PUT', itemPath(id)), opts, (call) => projectCreditsUpdate({ ...call, path: { uuid: id }, body })),
      );
    },

    async patch(uuid, input, options) {
      const id = wireUuid(parseUuidInput(uuid, 'uuid'));
      const body = writeCredit(input, settings.baseUrl, true);
      const opts = checkRequestOptions(options);
      return credit(
        await exchange(settings, info('PATCH', itemPath(id)), opts, (call) =>
          projectCreditsPartialUpdate({ ...call, path: { uuid: id }, body }),
        ),
      );
    },

    async delete(uuid, options) {
      const id = wireUuid(parseUuidInput(uuid, 'uuid'));
      const opts = checkRequestOptions(options);
      await exchange(settings, info('DELETE', itemPath(id)), opts, (call) => projectCreditsDestroy({ ...call, path: { uuid: id } }));
    },
  };
}

function credit(answer: Answer, where = 'credit'): ProjectCredit {
  try {
    return readCredit(answer.body, where);
  } catch (error) {
    if (error instanceof ShapeError) throw shape(answer, error.message);
    throw error;
  }
}

function shape(answer: Answer, problem: string): WaldurResponseError {
  return new WaldurResponseError(answer.request, answer.response.status, `unexpected response: ${problem}`);
}

/** `X-Result-Count` as a number; `null` when absent or not a whole number. */
export function resultCount(response: Response): number | null {
  const raw = response.headers.get('X-Result-Count');
  return raw !== null && /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : null;
}

function queryString(query: ProjectCreditsListData['query']): string {
  const params = Object.entries(query ?? {}).map(
    ([key, value]) => `${encodeURIComponent(key)}=${Array.isArray(value) ? value.map(encodeURIComponent).join(',') : encodeURIComponent(String(value))}`,
  );
  return params.length > 0 ? `?${params.join('&')}` : '';
}
