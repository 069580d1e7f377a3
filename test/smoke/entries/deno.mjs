// Deno, through `npm:` specifiers (resolved from the consumer's node_modules: it has a package.json).
import * as sdk from 'npm:waldur-project-credits';
import * as testing from 'npm:waldur-project-credits/testing';
import { runSmoke } from './smoke.mjs';

const config = JSON.parse(Deno.env.get('WALDUR_SMOKE_CONFIG'));
await runSmoke({ sdk, testing, config, report: (result) => console.log(`SMOKE ${JSON.stringify(result)}`) });
