// waldur-project-credits/testing/server, for end-to-end tests of an app: the fake over HTTP. Its
// declarations need no Node types (tsconfig.bundler.json has none): only the server's code does.
import { createWaldurClient } from 'waldur-project-credits';
import type { FakeWaldur } from 'waldur-project-credits/testing';
import { startFakeServer } from 'waldur-project-credits/testing/server';
import type { FakeServer, FakeServerOptions } from 'waldur-project-credits/testing/server';

const options: FakeServerOptions = { credits: 3, token: 'test', port: 0, exposeHeaders: false, profile: 'legacy' };
export async function serve(): Promise<number> {
  const server: FakeServer = await startFakeServer(options);
  // The fake behind the server is the testing entry's own type.
  const fake: FakeWaldur = server.fake;
  const waldur = createWaldurClient({ baseUrl: server.baseUrl, token: 'test' });
  const total = await waldur.projectCredits.count();
  await server.close();
  return total + fake.credits.length;
}

// @ts-expect-error the fake's baseUrl is the server's origin: not an option
export const noBaseUrl: FakeServerOptions = { baseUrl: 'https://waldur.test' };
