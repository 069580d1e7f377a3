/**
 * A request to its answer, as the server routes it: the collection and detail URLs of
 * `/api/project-credits/`, DRF's token authentication, the methods each URL allows; every answer
 * recorded in `fake.requests`.
 */
import { Answer, FORBIDDEN, hexUuid, NOT_FOUND } from './drf.js';
import { listCredits } from './read.js';
import { renderCredit } from './render.js';
import { recorded } from './requests.js';
import type { FakeWaldurState } from './state.js';
import type { FakeUser } from './types.js';
import { writeCredit } from './write.js';

const LIST_ALLOW = 'GET, POST, HEAD, OPTIONS';
const DETAIL_ALLOW = 'GET, PUT, PATCH, DELETE, HEAD, OPTIONS';

/** Answers one request as the server would, and records it. */
export async function handle(state: FakeWaldurState, request: Request): Promise<Response> {
  const method = request.method.toUpperCase();
  const text = method === 'GET' || method === 'HEAD' ? '' : await request.text();
  const answer = route(state, request, method, text);
  const headers: Record<string, string> = { ...answer.headers };
  let payload: string | null = null;
  if (answer.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = method === 'HEAD' ? null : JSON.stringify(answer.body);
  }
  state.requests.push(recorded(request, method, text, answer.status));
  return new Response(payload, { status: answer.status, headers });
}

function route(state: FakeWaldurState, request: Request, method: string, text: string): Answer {
  const url = new URL(request.url);
  const prefix = new URL(state.baseUrl).pathname.replace(/\/$/, '');
  const path = url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) : url.pathname;
  const match = /^\/api\/project-credits\/(?:([^/]+)\/)?$/.exec(path);
  if (!match) return new Answer(404, { detail: 'Not found.' });
  const id = match[1];
  const allow = { Allow: id === undefined ? LIST_ALLOW : DETAIL_ALLOW };
  const actor = authenticate(state, request.headers.get('Authorization'));
  if (typeof actor === 'string') return new Answer(401, { detail: actor }, { ...allow, 'WWW-Authenticate': 'Token' });
  const answer = id === undefined ? collection(state, url, method, text, actor) : detail(state, id, method, text, actor);
  return new Answer(answer.status, answer.body, { ...allow, ...answer.headers });
}

/** DRF's TokenAuthentication (and a Bearer token, as Waldur's OIDC and PAT schemes take it); a message means 401. */
function authenticate(state: FakeWaldurState, header: string | null): FakeUser | string {
  const [scheme, token, ...more] = header?.trim().split(/\s+/) ?? [];
  const keyword = scheme?.toLowerCase();
  if (header === null || (keyword !== 'token' && keyword !== 'bearer')) return 'Authentication credentials were not provided.';
  if (token === undefined) return 'Invalid token header. No credentials provided.';
  if (more.length > 0) return 'Invalid token header. Token string should not contain spaces.';
  if (token === state.token) return { role: 'staff' };
  return (Object.hasOwn(state.users, token) ? state.users[token] : undefined) ?? 'Invalid token.';
}

function collection(state: FakeWaldurState, url: URL, method: string, text: string, actor: FakeUser): Answer {
  if (method === 'GET' || method === 'HEAD') return listCredits(state, url, actor);
  if (method === 'POST') return writeCredit(state, text, undefined, false, actor);
  return new Answer(405, { detail: `Method "${method}" not allowed.` });
}

function detail(state: FakeWaldurState, id: string, method: string, text: string, actor: FakeUser): Answer {
  if (!['GET', 'HEAD', 'PUT', 'PATCH', 'DELETE'].includes(method)) return new Answer(405, { detail: `Method "${method}" not allowed.` });
  // capture: GET one, hex uuid / hyphenated uuid / upper-case hex uuid; GET 404 (unknown uuid).
  // DRF's get_object looks in the role-filtered queryset first: what a user cannot see is 404.
  const hexId = hexUuid(id);
  const index = hexId === undefined ? -1 : state.credits.findIndex((c) => c.uuid === hexId && state.visible(c, actor));
  const credit = index < 0 ? undefined : state.credits[index];
  if (!credit) return new Answer(404, { detail: NOT_FOUND });
  if (method === 'GET' || method === 'HEAD') return new Answer(200, renderCredit(state, credit, actor));
  // model: update/partial_update/destroy permissions are is_owner (staff pass).
  if (!state.owns(actor, credit.customer_uuid)) return new Answer(403, { detail: FORBIDDEN });
  if (method === 'DELETE') {
    state.credits.splice(index, 1);
    // The project outlives its credit.
    state.projects.push({ uuid: credit.project_uuid, name: credit.project_name, slug: credit.project_slug, customer_uuid: credit.customer_uuid });
    return new Answer(204, undefined);
  }
  return writeCredit(state, text, index, method === 'PATCH', actor);
}
