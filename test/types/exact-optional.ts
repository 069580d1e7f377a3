/**
 * `undefined` where a field is optional (issue 13, item 3). Under `exactOptionalPropertyTypes`
 * (on in TypeScript 7's `tsc --init`), `{ field?: T }` refuses an explicit `undefined` unless the
 * type says `T | undefined`; apps pass values that may be undefined (a form field, a route
 * parameter, a setting) all the time, and the SDK leaves an undefined field out of the request.
 */
import {
  createWaldurClient,
  type DecimalInput,
  type MinimalConsumptionLogic,
  type RequestEvent,
  type ResponseEvent,
  type TokenSource,
  type WalkDrift,
  type WalkProgress,
} from 'waldur-project-credits';

/** Something the app may or may not have: a form field, a route or query parameter, a setting. */
declare function maybe<T>(what: string): T | undefined;

const baseUrl = 'https://waldur.example.com';
const token: TokenSource = () => 'key';
const maybeNumber: number | undefined = maybe<number>('settings.timeoutMs');
const maybeSignal: AbortSignal | undefined = maybe<AbortSignal>('the caller’s signal');

// The cases of the issue.
const waldur = createWaldurClient({ baseUrl, token, timeoutMs: maybeNumber });
const id = '8f2e4b1c9d0a4e6f8a7b6c5d4e3f2a1b';
const fromForm: string | undefined = maybe<string>('form.value');
await waldur.projectCredits.patch(id, { value: fromForm });
const customer_uuid: string | undefined = maybe<string>('route.customer');
await waldur.projectCredits.list({ customer_uuid });
const project_uuid: string | undefined = maybe<string>('route.project');
await waldur.projectCredits.listAll({ project_uuid }, { concurrency: maybeNumber, signal: maybeSignal });

// Every optional field of every input, possibly undefined.
createWaldurClient({
  baseUrl,
  token,
  tokenType: maybe<'Token' | 'Bearer'>('settings.tokenType'),
  fetch: maybe<typeof fetch>('an instrumented fetch'),
  headers: maybe<Record<string, string>>('settings.headers'),
  timeoutMs: maybeNumber,
  maxRetries: maybe<number>('settings.maxRetries'),
  retryBackoffMs: maybe<number>('settings.retryBackoffMs'),
  maxResponseBytes: maybe<number>('settings.maxResponseBytes'),
  onRequest: maybe<(event: RequestEvent) => void>('a logger'),
  onResponse: maybe<(event: ResponseEvent) => void>('a logger'),
});
const requestOptions = {
  signal: maybeSignal,
  timeoutMs: maybeNumber,
  headers: maybe<Record<string, string>>('headers'),
  maxRetries: maybe<number>('retries'),
  maxResponseBytes: maybe<number>('bytes'),
};
const fields = {
  value: maybe<DecimalInput>('form.value'),
  end_date: maybe<string | null>('form.end_date'),
  expected_consumption: maybe<DecimalInput>('form.expected_consumption'),
  minimal_consumption_logic: maybe<MinimalConsumptionLogic>('form.logic'),
  grace_coefficient: maybe<DecimalInput>('form.grace_coefficient'),
  apply_as_minimal_consumption: maybe<boolean>('form.apply'),
  mark_unused_credit_as_spent_on_project_termination: maybe<boolean>('form.mark_unused'),
};
const query = {
  customer_name: maybe<string>('q.customer_name'),
  customer_slug: maybe<string>('q.customer_slug'),
  customer_uuid,
  project_name: maybe<string>('q.project_name'),
  project_uuid,
  query: maybe<string>('q.query'),
  o: maybe<'-value' | readonly ('value' | 'end_date')[]>('q.o'),
  page: maybe<number>('q.page'),
  page_size: maybe<number>('q.page_size'),
};
const walkOptions = {
  concurrency: maybeNumber,
  limit: maybe<number>('limit'),
  onProgress: maybe<(progress: WalkProgress) => void>('a progress bar'),
  onDrift: maybe<(drift: WalkDrift) => void>('a warning'),
};
// One kind of input per call, so that each is checked on its own.
await waldur.projectCredits.get(id, requestOptions);
await waldur.projectCredits.delete(id, requestOptions);
await waldur.projectCredits.count(query);
for await (const credit of waldur.projectCredits.list(query)) console.log(credit.uuid);
await waldur.projectCredits.list({}, { ...requestOptions, ...walkOptions });
await waldur.projectCredits.listAll(undefined, walkOptions);
await waldur.projectCredits.create({ project: id, ...fields });
await waldur.projectCredits.update(id, { project: id, ...fields });
await waldur.projectCredits.patch(id, { project: maybe<string>('form.project'), ...fields });
