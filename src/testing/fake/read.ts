/**
 * A list of credits as the server answers it (GET and HEAD of the collection): django-filter's
 * filters and ordering, DRF's pagination with `X-Result-Count` and an RFC 8288 `Link`.
 */
import { Answer, hexUuid, pageUrl, pythonInt } from './drf.js';
import type { Exact } from './exact.js';
import { ORDERINGS, SORT_KEYS } from './profiles.js';
import { renderCredit } from './render.js';
import type { FakeWaldurState } from './state.js';
import type { FakeUser } from './types.js';

/** One page of the credits this user sees that match the query of `url`, or DRF's 400 or 404. */
export function listCredits(state: FakeWaldurState, url: URL, actor: FakeUser): Answer {
  const q = url.searchParams;
  // Django's QueryDict.get: the last value of a repeated parameter.
  const param = (name: string): string | undefined => q.getAll(name).at(-1);
  const legacy = state.profile === 'legacy';

  // django-filter validates the filter form first: every invalid field, in declaration order.
  const errors: Record<string, string[]> = {};
  const uuidFilters = legacy ? (['project_uuid'] as const) : (['project_uuid', 'customer_uuid'] as const);
  const uuids: Partial<Record<'project_uuid' | 'customer_uuid', string>> = {};
  for (const name of uuidFilters) {
    const raw = param(name)?.trim();
    if (!raw) continue;
    const value = hexUuid(raw);
    if (value === undefined)
      errors[name] = ['Enter a valid UUID.']; // capture: HEAD project_uuid=not-a-uuid
    else uuids[name] = value;
  }
  // capture: GET o=end_date. BaseCSVField cleans each value and stops at the first invalid one.
  const ordering = (param('o') ?? '').split(',').filter((o) => o !== '');
  const choices = ORDERINGS[state.profile];
  const invalid = ordering.find((o) => !choices.includes(o.replace(/^-/, '')));
  if (invalid !== undefined) errors.o = [`Select a valid choice. ${invalid} is not one of the available choices.`];
  if (Object.keys(errors).length > 0) return new Answer(400, errors);

  const has = (value: string | number | boolean | null | undefined, needle: string) =>
    String(value ?? '')
      .toLowerCase()
      .includes(needle.toLowerCase());
  const projectName = param('project_name');
  // The legacy server has no customer_* or query filter: capture "HEAD customer_uuid=<unknown uuid>" shows it ignored.
  const customerName = legacy ? undefined : param('customer_name');
  const customerSlug = legacy ? undefined : param('customer_slug');
  const query = legacy ? undefined : param('query');
  let items = state.credits.filter(
    (c) =>
      state.visible(c, actor) &&
      (!uuids.project_uuid || c.project_uuid === uuids.project_uuid) &&
      (!uuids.customer_uuid || c.customer_uuid === uuids.customer_uuid) &&
      (!projectName || has(c.project_name, projectName)) &&
      (!customerName || has(c.customer_name, customerName)) &&
      (!customerSlug || c.customer_slug === customerSlug) &&
      // model: filter_query matches project name and UUID, organization name, slug and UUID.
      (!query || [c.project_name, c.project_uuid, c.customer_name, c.customer_slug, c.customer_uuid].some((v) => has(v, query))),
  );
  if (ordering.length > 0) {
    const keys = ordering.map((o) => {
      const key = SORT_KEYS[o.replace(/^-/, '')];
      if (!key) throw new Error(`the fake has no sort key for the ordering ${o}`);
      return { key, descending: o.startsWith('-') };
    });
    items = [...items].sort((a, b) => {
      for (const { key, descending } of keys) {
        const [x, y] = [key(a), key(b)];
        if (x === y) continue;
        const ascending = x === null ? 1 : y === null ? -1 : x < y ? -1 : 1;
        return descending ? -ascending : ascending;
      }
      return 0;
    });
  }

  // DRF: page_size through _positive_int(strict, cutoff=max_page_size); 0, negative or not a
  // number means the default (capture: GET page_size=0, HEAD page_size=1000).
  const sizeParam = pythonInt(param('page_size'));
  const size = sizeParam !== undefined && sizeParam > 0 ? Math.min(sizeParam, state.maxPageSize) : state.defaultPageSize;
  const pages = Math.max(1, Math.ceil(items.length / size));
  // Django's Paginator: `page=last` is the last page; anything else not a page in range is 404
  // (capture: GET page=99, GET page=abc).
  const pageParam = param('page') || '1';
  const page = pageParam === 'last' ? pages : pythonInt(pageParam);
  if (page === undefined || page < 1 || page > pages) return new Answer(404, { detail: 'Invalid page.' });

  const headers: Record<string, string> = {};
  if (state.countHeader) headers['X-Result-Count'] = String(items.length);
  if (state.linkHeader) {
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
    if (sum === undefined) sums.set(customerUuid, (sum = state.allocated(customerUuid)));
    return sum;
  };
  return new Answer(
    200,
    items.slice((page - 1) * size, page * size).map((c) => renderCredit(state, c, actor, allocated)),
    headers,
  );
}
