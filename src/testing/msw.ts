/**
 * `waldur-project-credits/testing/msw`: MSW request handlers serving a fake Waldur, for apps that
 * already mock the network with MSW. This entry needs `msw` (an optional peer dependency); the
 * fake itself (`waldur-project-credits/testing`, `fake.fetch`) needs nothing, types included.
 *
 * @example
 * ```ts
 * import { setupServer } from 'msw/node';
 * import { createFakeWaldur } from 'waldur-project-credits/testing';
 * import { mswHandlers } from 'waldur-project-credits/testing/msw';
 *
 * const fake = createFakeWaldur({ credits: 20 });
 * const server = setupServer(...mswHandlers(fake));
 * ```
 *
 * @module waldur-project-credits/testing/msw
 */
import { http } from 'msw';
import type { RequestHandler } from 'msw';
import type { FakeWaldur } from './index.js';

/**
 * MSW request handlers that answer requests to the fake's `/api/project-credits/` (under
 * `fake.baseUrl`) from the fake, exactly as `fake.fetch` does: `server.use(...mswHandlers(fake))`.
 *
 * @group Testing
 */
export function mswHandlers(fake: FakeWaldur): RequestHandler[] {
  return [http.all(`${fake.baseUrl}/api/project-credits/*`, ({ request }) => fake.fetch(request))];
}
