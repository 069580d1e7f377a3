// waldur-project-credits/testing/msw, for apps that use MSW: handlers of msw's own type.
import type { RequestHandler } from 'msw';
import { createFakeWaldur } from 'waldur-project-credits/testing';
import type { FakeWaldur } from 'waldur-project-credits/testing';
import { mswHandlers } from 'waldur-project-credits/testing/msw';

const fake: FakeWaldur = createFakeWaldur({ credits: 3 });
export const handlers: RequestHandler[] = mswHandlers(fake);
