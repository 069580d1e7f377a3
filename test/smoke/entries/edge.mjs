// Vercel / Next.js edge middleware: bundled (as Next.js does, with the edge-light condition) and
// evaluated by the `edge-runtime` package. The host sets __SMOKE_CONFIG and __smokeReport.
import * as sdk from 'waldur-project-credits';
import * as testing from 'waldur-project-credits/testing';
import { runSmoke } from './smoke.mjs';

globalThis.__smokeDone = runSmoke({
  sdk,
  testing,
  config: JSON.parse(globalThis.__SMOKE_CONFIG),
  report: (result) => globalThis.__smokeReport(JSON.stringify(result)),
});
