/**
 * waldur-project-credits: a TypeScript SDK for the project credits resource of the Waldur API.
 * Start with {@link createWaldurClient}; every call answers exact `Decimal`s, canonical UUIDs
 * and typed errors.
 *
 * @module waldur-project-credits
 */
export { createWaldurClient } from './client.js';
export type { WaldurClient, WaldurClientOptions } from './client.js';
export type { ListOptions, ProjectCreditsResource } from './project-credits/methods.js';
export type {
  ApplyOptions,
  ApplyProgress,
  ApplyReport,
  CreditUpdate,
  NotAppliedChange,
  PlannedChange,
  UnknownChange,
} from './project-credits/apply/index.js';
export { PagePromise } from './project-credits/pages.js';
export type { Page } from './project-credits/pages.js';
export type { WalkDrift, WalkOptions, WalkProgress } from './core/paging/walk.js';
export type { Hooks, RequestEvent, RequestOptions, ResponseEvent, TokenSource } from './core/options.js';
export type {
  MinimalConsumptionLogic,
  NestedPublicOffering,
  ProjectCredit,
  ProjectCreditInput,
  ProjectCreditOrdering,
  ProjectCreditPatch,
  ProjectCreditQuery,
} from './project-credits/types.js';
export { Decimal } from './core/decimal.js';
export { canonicalUuid } from './core/uuid.js';
export type { DecimalInput } from './core/decimal.js';
export {
  WaldurAbortError,
  WaldurApiError,
  WaldurAuthenticationError,
  WaldurBadRequestError,
  WaldurConflictError,
  WaldurError,
  WaldurInputError,
  WaldurNetworkError,
  WaldurNotFoundError,
  WaldurPermissionDeniedError,
  WaldurRateLimitError,
  WaldurResponseError,
  WaldurServerError,
  WaldurTimeoutError,
} from './core/errors.js';
export type { FieldErrors, RequestInfo } from './core/errors.js';
