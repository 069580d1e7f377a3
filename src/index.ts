/**
 * waldur-project-credits: a TypeScript SDK for the project credits resource of the Waldur API.
 *
 * @packageDocumentation
 */
import { createClient, createConfig } from '../generated/client/index.js';
import type { Client } from '../generated/client/index.js';
import {
  projectCreditsCount,
  projectCreditsCreate,
  projectCreditsDestroy,
  projectCreditsList,
  projectCreditsPartialUpdate,
  projectCreditsRetrieve,
  projectCreditsUpdate,
} from '../generated/sdk.gen.js';
import type {
  PatchedProjectCreditRequest,
  ProjectCredit,
  ProjectCreditRequest,
  ProjectCreditsListData,
} from '../generated/types.gen.js';

export type { PatchedProjectCreditRequest, ProjectCredit, ProjectCreditRequest };

/** Options of {@link createWaldurClient}. */
export interface WaldurClientOptions {
  /** The Waldur deployment, e.g. `https://waldur.example.com` (a trailing slash is fine). */
  baseUrl: string;
  /** The API token. */
  token: string;
  /** How the token is sent: `Authorization: Token <key>` (default) or `Authorization: Bearer <jwt>`. */
  tokenType?: 'Token' | 'Bearer';
  /** A `fetch` implementation to use instead of the global one. */
  fetch?: typeof fetch;
}

/** List filters of `GET /api/project-credits/`. */
export type ProjectCreditListQuery = NonNullable<ProjectCreditsListData['query']>;

/** The project credits resource: one method per operation of `/api/project-credits/`. */
export interface ProjectCreditsResource {
  /** One page of credits. */
  list(query?: ProjectCreditListQuery): Promise<ProjectCredit[]>;
  /** The number of credits matching the filters (`HEAD`, `X-Result-Count`). */
  count(query?: ProjectCreditListQuery): Promise<number>;
  /** One credit by UUID. */
  get(uuid: string): Promise<ProjectCredit>;
  /** Creates a credit. */
  create(input: ProjectCreditRequest): Promise<ProjectCredit>;
  /** Replaces a credit (`PUT`). */
  update(uuid: string, input: ProjectCreditRequest): Promise<ProjectCredit>;
  /** Changes the given fields of a credit (`PATCH`). */
  patch(uuid: string, input: PatchedProjectCreditRequest): Promise<ProjectCredit>;
  /** Deletes a credit. */
  delete(uuid: string): Promise<void>;
}

/** A client for one Waldur deployment and one token. */
export interface WaldurClient {
  /** `/api/project-credits/`. */
  projectCredits: ProjectCreditsResource;
}

/** Creates a client for one Waldur deployment. Clients share no state with each other. */
export function createWaldurClient(options: WaldurClientOptions): WaldurClient {
  const tokenType = options.tokenType ?? 'Token';
  const client: Client = createClient(
    createConfig({
      baseUrl: options.baseUrl.replace(/\/+$/, ''),
      throwOnError: true,
      // The generated client offers both schemes; answer only for the one configured.
      auth: (scheme) =>
        tokenType === 'Bearer'
          ? scheme.scheme === 'bearer' ? options.token : undefined
          : scheme.type === 'apiKey' ? `Token ${options.token}` : undefined,
      kyOptions: { retry: 0, ...(options.fetch ? { fetch: options.fetch } : {}) },
    }),
  );
  return {
    projectCredits: {
      list: async (query) => (await projectCreditsList({ client, query, throwOnError: true })).data,
      count: async (query) => {
        const { response } = await projectCreditsCount({ client, query, throwOnError: true });
        return Number(response.headers.get('X-Result-Count'));
      },
      get: async (uuid) => (await projectCreditsRetrieve({ client, path: { uuid }, throwOnError: true })).data,
      create: async (body) => (await projectCreditsCreate({ client, body, throwOnError: true })).data,
      update: async (uuid, body) =>
        (await projectCreditsUpdate({ client, path: { uuid }, body, throwOnError: true })).data,
      patch: async (uuid, body) =>
        (await projectCreditsPartialUpdate({ client, path: { uuid }, body, throwOnError: true })).data,
      delete: async (uuid) => {
        await projectCreditsDestroy({ client, path: { uuid }, throwOnError: true });
      },
    },
  };
}
