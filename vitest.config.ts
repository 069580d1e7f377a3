import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // The suite must never touch the network: unhandled requests fail (see test/setup.ts).
    setupFiles: ['test/setup.ts'],
  },
});
