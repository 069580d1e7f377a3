/**
 * `waldur-project-credits/testing/server`: the fake Waldur of `waldur-project-credits/testing`
 * served over HTTP, for a browser app, an end-to-end test or any tool that speaks HTTP. CORS
 * answers any origin and exposes `Link` and `X-Result-Count`. Node only (`node:http`); the
 * `waldur-project-credits-fake` command of the package serves one from a shell.
 *
 * @example
 * ```ts
 * import { startFakeServer } from 'waldur-project-credits/testing/server';
 *
 * const server = await startFakeServer({ credits: 50, token: 'test' });
 * // The app gets server.baseUrl (http://127.0.0.1:<port>) and the token 'test'.
 * await server.close();
 * ```
 *
 * @module waldur-project-credits/testing/server
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createFakeWaldur } from 'waldur-project-credits/testing';
import type { FakeWaldur, FakeWaldurOptions } from 'waldur-project-credits/testing';

/**
 * Options of {@link startFakeServer}: those of `createFakeWaldur` (but `baseUrl`, which is the
 * server's origin), where to listen, and what CORS exposes.
 *
 * @group Testing
 */
export interface FakeServerOptions extends Omit<FakeWaldurOptions, 'baseUrl'> {
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number | undefined;
  /** Interface to listen on. Default `127.0.0.1`. */
  host?: string | undefined;
  /** List `Link` and `X-Result-Count` in `Access-Control-Expose-Headers`. Default true; false shows what a browser sees when a server forgets to. */
  exposeHeaders?: boolean | undefined;
}

/**
 * A fake Waldur served over HTTP.
 *
 * @group Testing
 */
export interface FakeServer {
  /** The server's origin, e.g. `http://127.0.0.1:8765`. */
  readonly origin: string;
  /** What to give the client as `baseUrl`: the origin (not the collection URL). */
  readonly baseUrl: string;
  /** The fake behind the server: read and change its state between requests. */
  readonly fake: FakeWaldur;
  /** Stops the server, closing open connections. */
  close(): Promise<void>;
}

/**
 * Starts the fake Waldur over HTTP and resolves once it listens. Each request is answered by
 * `fake.fetch`, so the fake's state, switches and `requests` are those of HTTP clients too.
 *
 * @group Testing
 */
export async function startFakeServer(options: FakeServerOptions = {}): Promise<FakeServer> {
  const { port = 0, host = '127.0.0.1', exposeHeaders = true, ...fakeOptions } = options;
  // `fake` is made once the port is known (its baseUrl is the server's origin): a request before that is answered 500.
  const answer = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const cors: Record<string, string> = {
      'Access-Control-Allow-Origin': req.headers.origin ?? '*',
      'Access-Control-Allow-Headers': 'Authorization, Content-Type',
      'Access-Control-Allow-Methods': 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS',
      'Access-Control-Max-Age': '600',
      Vary: 'Origin',
      ...(exposeHeaders ? { 'Access-Control-Expose-Headers': 'Link, X-Result-Count' } : {}),
    };
    try {
      if (req.method === 'OPTIONS') {
        res.writeHead(204, cors);
        res.end();
        return;
      }
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const body = chunks.length > 0 ? new Uint8Array(Buffer.concat(chunks)) : undefined;
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(name, value);
      const response = await fake.fetch(`${fake.baseUrl}${req.url ?? '/'}`, { method: req.method ?? 'GET', headers, body: body ?? null });
      const out = { ...cors };
      response.headers.forEach((value, name) => (out[name] = value));
      res.writeHead(response.status, out);
      res.end(Buffer.from(await response.arrayBuffer()));
    } catch (error) {
      res.writeHead(500, { ...cors, 'Content-Type': 'text/plain' });
      res.end(`fake Waldur failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const server = createServer((req, res) => void answer(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  // A wildcard address is reached from this machine on loopback.
  const shown = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '[::1]' : host.includes(':') ? `[${host}]` : host;
  const origin = `http://${shown}:${address.port}`;
  const fake = createFakeWaldur({ ...fakeOptions, baseUrl: origin });
  return {
    origin,
    baseUrl: origin,
    fake,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
