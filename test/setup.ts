import { afterAll, afterEach, beforeAll } from 'vitest';
import { server } from './support/server.js';

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());
afterEach(() => server.events.removeAllListeners());
