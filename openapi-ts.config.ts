/**
 * Generator configuration: `npm run generate` turns openapi/project-credits.yaml into generated/.
 * Nothing under generated/ is edited by hand; CI regenerates it and fails on any difference.
 */
import { clientDefaultConfig, clientDefaultMeta, defineConfig, definePluginConfig } from '@hey-api/openapi-ts';
import type { DefinePlugin } from '@hey-api/openapi-ts';

/** Waldur renders UUIDs hyphenated or as 32 hex digits; `z.uuid()` would reject the latter. */
const UUID_PATTERN = '^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$';

/**
 * The SDK's own client, as a hey-api client plugin: the generated functions call
 * `options.client.get/head/post/put/patch/delete(…)`, and their types come from the module the
 * plugin is named by. Named by its path from generated/, sdk.gen.ts imports the SDK's transport
 * (src/core/transport/http-client.ts) directly: no alias for the type-check, the build or the tests.
 * Nothing is generated for it (no bundled client, no default client, no base URL).
 */
type HttpClientPlugin = DefinePlugin<{ name: string; baseUrl: boolean; bundle: boolean; includeInEntry: boolean }>;
const httpClient = definePluginConfig<HttpClientPlugin['Types']>({
  ...clientDefaultMeta,
  config: { ...clientDefaultConfig, bundle: false, baseUrl: false },
  handler: () => undefined,
  name: '../src/core/transport/http-client.js',
});

export default defineConfig({
  input: './openapi/project-credits.yaml',
  output: {
    // scripts/check-generated.mjs regenerates elsewhere and compares; everyone else writes here.
    path: process.env.WALDUR_GENERATE_OUT ?? './generated',
    module: { extension: '.js' },
    // No generated/index.ts: the SDK imports the files it uses by name.
    entryFile: false,
  },
  plugins: [
    httpClient(),
    '@hey-api/typescript',
    {
      name: 'zod',
      // zod/mini: the smallest zod, should an app choose to use these schemas at run time.
      compatibilityVersion: 'mini',
      '~resolvers': {
        string(ctx) {
          if (ctx.schema.format !== 'uuid') return undefined;
          const withPattern = { ...ctx, schema: { ...ctx.schema, pattern: UUID_PATTERN } };
          const pattern = ctx.nodes.pattern(withPattern);
          // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- hey-api declares its nodes through mixins (ExprTsDsl extends MixinCtor<…TsDsl…>): an instance of TsDsl the checker cannot trace to the class
          return pattern ? ctx.nodes.base(withPattern).attr('check').call(pattern) : undefined;
        },
      },
    },
    {
      name: '@hey-api/sdk',
      // No shared default client: every SDK call names the client it uses, so two tenants
      // in one process can never share credentials by accident.
      client: false,
      // The SDK's transport sends the token itself (the `token` option): no `security` per operation.
      auth: false,
      // No zod at run time: src/ checks every input itself (with field-level messages) and reads
      // responses liberally (real servers send more, less and other shapes than documented).
      // The zod schemas are still generated: the tests prove src/'s output conforms to them,
      // and a frontend bundle does not pay ~10 kB for a second validation.
      validator: false,
    },
  ],
});
