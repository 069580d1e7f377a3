#!/usr/bin/env node
// A local HTTP server over the fake Waldur (Node only), for the browser test and for pointing any
// other tool at a Waldur-like API. CORS answers any origin and exposes Link and X-Result-Count.
//
//   npm run fake-server -- [--port 8765] [--credits 250] [--token test] [--no-expose] [--hide-org]
import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';
import { createFakeWaldur } from '../dist/testing.js';

/**
 * Starts the server on 127.0.0.1. Resolves to `{ origin, fake, close }`; `fake` is the same object
 * `createFakeWaldur` returns, with `baseUrl` set to the server's origin.
 */
export async function startFakeServer({ port = 0, exposeHeaders = true, ...fakeOptions } = {}) {
  let fake;
  const server = createServer(async (req, res) => {
    const cors = {
      'Access-Control-Allow-Origin': req.headers.origin ?? '*',
      'Access-Control-Allow-Headers': 'Authorization, Content-Type',
      'Access-Control-Allow-Methods': 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS',
      'Access-Control-Max-Age': '600',
      Vary: 'Origin',
      ...(exposeHeaders ? { 'Access-Control-Expose-Headers': 'Link, X-Result-Count' } : {}),
    };
    if (req.method === 'OPTIONS') {
      res.writeHead(204, cors);
      return res.end();
    }
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(name, value);
    const response = await fake.fetch(`${fake.baseUrl}${req.url}`, { method: req.method, headers, body });
    const out = { ...cors };
    response.headers.forEach((value, name) => (out[name] = value));
    res.writeHead(response.status, out);
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  fake = createFakeWaldur({ ...fakeOptions, baseUrl: origin });
  return {
    origin,
    fake,
    close: () => new Promise((resolve) => (server.closeAllConnections(), server.close(resolve))),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const value = (name, fallback) => {
    const i = args.indexOf(name);
    return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
  };
  if (args.includes('--help')) {
    console.log('Usage: npm run fake-server -- [--port 8765] [--credits 250] [--token test] [--no-expose] [--hide-org]');
    console.log('Serves a fake Waldur /api/project-credits/ on 127.0.0.1 with CORS (Link and X-Result-Count exposed unless --no-expose).');
    process.exit(0);
  }
  const { origin } = await startFakeServer({
    port: Number(value('--port', '8765')),
    credits: Number(value('--credits', '250')),
    token: value('--token', 'test'),
    exposeHeaders: !args.includes('--no-expose'),
    hideOrganizationFields: args.includes('--hide-org'),
  });
  console.log(`fake Waldur at ${origin}/api/project-credits/ (token "${value('--token', 'test')}"); Ctrl-C to stop`);
}
