import { setupServer } from 'msw/node';

/**
 * The one MSW server of the suite. test/setup.ts starts it with `onUnhandledRequest: 'error'`,
 * so a request that no handler expects fails its test instead of reaching the network.
 */
export const server = setupServer();
