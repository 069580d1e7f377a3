import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // The query entry imports the main entry by name; in the tests that name means the sources,
    // so both are one module instance (as they are one package for an app).
    // So do the testing server (the testing entry) and the fake's command (the testing server).
    alias: [
      { find: /^waldur-project-credits$/, replacement: new URL('./src/index.ts', import.meta.url).pathname },
      { find: /^waldur-project-credits\/testing$/, replacement: new URL('./src/testing/index.ts', import.meta.url).pathname },
      { find: /^waldur-project-credits\/testing\/server$/, replacement: new URL('./src/testing/server.ts', import.meta.url).pathname },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // The suite must never touch the network: unhandled requests fail (see test/setup.ts).
    setupFiles: ['test/setup.ts'],
    // vitest's 5 s stays for unit tests (a hang fails fast). Files that start processes or a
    // browser raise their own limits and take turns for processes: test/support/processes.ts.
  },
});
