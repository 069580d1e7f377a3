// A Cloudflare Worker (module syntax, no nodejs_compat), bundled as wrangler does. POST the
// config; the answer streams one line per step.
import * as sdk from 'waldur-project-credits';
import * as testing from 'waldur-project-credits/testing';
import { runSmoke } from './smoke.mjs';

export default {
  async fetch(request) {
    const config = await request.json();
    const { readable, writable } = new TransformStream();
    const writer = writable.getWriter();
    const encoder = new TextEncoder();
    const done = runSmoke({ sdk, testing, config, report: (result) => writer.write(encoder.encode(`SMOKE ${JSON.stringify(result)}\n`)) }).then(() =>
      writer.close(),
    );
    void done;
    return new Response(readable, { headers: { 'Content-Type': 'text/plain' } });
  },
};
