import { afterAll, afterEach, beforeAll } from 'vitest';
import { server } from './support/server.js';

beforeAll(() =>
  server.listen({
    // Nothing reaches the network: a request no handler expects fails its test. Loopback is
    // let through for the suites that run a real node:http server on 127.0.0.1.
    onUnhandledRequest(request, print) {
      if (new URL(request.url).hostname !== '127.0.0.1') print.error();
    },
  }),
);
afterEach(() => server.resetHandlers());
afterEach(() => server.events.removeAllListeners());
afterAll(() => server.close());
