/**
 * The run-time half of the SDK's hey-api client plugin (see openapi-ts.config.ts): the types the
 * generated request functions (generated/sdk.gen.ts) are written against, and the client they call.
 * A verb fills the operation's path template and query and sends through the SDK's own exchange
 * (token, retries, timeouts, typed errors); the generated code decides nothing else.
 */
import type { TransportSettings } from '../options.js';
import { exchange } from './exchange.js';
import type { Answer, ExchangeOptions } from './exchange.js';

/** The shape of an operation's generated `…Data` type. */
export interface TDataShape {
  body?: unknown;
  headers?: unknown;
  path?: unknown;
  query?: unknown;
  url: string;
}

/** A query parameter's value, as the generated types have them: a scalar or a list of scalars. */
export type QueryValue = string | number | boolean | readonly (string | number | boolean)[] | undefined;

/**
 * How the document serializes an operation's query parameters, as the generated function passes it:
 * `explode: false` sends a list comma-joined (`o=-value,end_date`), else the name is repeated. Only
 * the `form` style is implemented (the document uses no other): a generated other style would not compile.
 */
export interface QuerySerializerHints {
  parameters?: Record<string, { array?: { explode?: boolean; style?: 'form' } }>;
}

/** Where a request goes: the operation's URL template and its parameters. */
export interface Target {
  /** The operation's path, with `{name}` placeholders (`/api/project-credits/{uuid}/`). */
  url: string;
  path?: Record<string, string | number> | undefined;
  query?: Record<string, QueryValue> | undefined;
  querySerializer?: QuerySerializerHints;
}

/** What a generated function passes to a verb: where the request goes, its body, and how the exchange runs. */
export interface VerbOptions extends Target, ExchangeOptions {
  /** The JSON body (POST, PUT, PATCH). */
  body?: unknown;
}

/**
 * The options of a generated function: the operation's path, query and body (from its `…Data`
 * type), and how the exchange runs. The generator also passes whether an HTTP error throws and
 * the response type: an HTTP error is always a typed error here, and the answer is read by src/.
 */
export type Options<TData extends TDataShape = TDataShape, _ThrowOnError extends boolean = boolean, _TResponse = unknown> = ExchangeOptions &
  Omit<TData, 'url'>;

/**
 * One HTTP method. The generated function names the responses and errors the document promises;
 * the answer's body stays `unknown`, since a real server sends more, less and other shapes than
 * documented (src/project-credits reads it), and an error status is always a thrown typed error.
 */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the generated functions pass all three (responses, errors, throwOnError); the answer's body stays unknown on purpose
export type Verb = <_TResponses = unknown, _TErrors = unknown, _ThrowOnError extends boolean = boolean>(options: VerbOptions) => Promise<Answer>;

/** The client the generated functions call (their `client` option): one of each SDK client. */
export interface Client {
  get: Verb;
  head: Verb;
  post: Verb;
  put: Verb;
  patch: Verb;
  delete: Verb;
}

/**
 * The client of one SDK client's transport settings. Its verbs hand each request to `send`: the
 * SDK's exchange, or (to learn what a generated function would send without sending it) a
 * function of the caller's.
 */
export function createHttpClient(settings: TransportSettings, send: typeof exchange = exchange): Client {
  const verb =
    (method: string): Verb =>
    (options) =>
      send(
        settings,
        {
          method,
          url: settings.baseUrl + fillPath(options.url, options.path) + queryString(options.query, options.querySerializer),
          body: options.body,
        },
        options,
      );
  return { get: verb('GET'), head: verb('HEAD'), post: verb('POST'), put: verb('PUT'), patch: verb('PATCH'), delete: verb('DELETE') };
}

/** The URL template with each `{name}` replaced by its path parameter, percent-encoded. */
function fillPath(url: string, path: Target['path']): string {
  for (const name in path) url = url.replace(`{${name}}`, encodeURIComponent(String(path[name])));
  return url;
}

/** `?a=1&o=-value,end_date`, or `''` for no parameters; an undefined value is left out. */
function queryString(query: Target['query'], hints: QuerySerializerHints | undefined): string {
  let text = '';
  for (const name in query) {
    const value = query[name];
    if (value === undefined) continue;
    const key = encodeURIComponent(name);
    const values = Array.isArray(value) ? value : [value as string | number | boolean];
    // A list: comma-joined (explode: false) or the name repeated (`o=a&o=b`).
    text += `${text ? '&' : '?'}${key}=${values.map(encodeURIComponent).join(hints?.parameters?.[name]?.array?.explode === false ? ',' : `&${key}=`)}`;
  }
  return text;
}
