// Node (20, 22, 24) and Bun, as ESM: the package by name from node_modules.
import * as sdk from 'waldur-project-credits';
import * as testing from 'waldur-project-credits/testing';
import { runSmoke } from './smoke.mjs';

const config = JSON.parse(process.env.WALDUR_SMOKE_CONFIG);
await runSmoke({ sdk, testing, config, report: (result) => console.log(`SMOKE ${JSON.stringify(result)}`) });
