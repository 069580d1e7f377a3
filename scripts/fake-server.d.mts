import type { FakeWaldur, FakeWaldurOptions } from '../src/testing/index.js';

/** Options of {@link startFakeServer}: those of `createFakeWaldur` (but `baseUrl`), where to listen and CORS exposure. */
export interface FakeServerOptions extends Omit<FakeWaldurOptions, 'baseUrl'> {
  /** Port; 0 (default) picks a free one. */
  port?: number;
  /** Interface to listen on (default `127.0.0.1`). */
  host?: string;
  /** List `Link` and `X-Result-Count` in `Access-Control-Expose-Headers` (default true). */
  exposeHeaders?: boolean;
}

/** A fake Waldur served over HTTP. */
export interface FakeServer {
  /** The server's origin, e.g. `http://127.0.0.1:8765`. */
  origin: string;
  /** What to give the client as `baseUrl`: the origin (not the collection URL). */
  baseUrl: string;
  /** The fake behind the server: read and change its state. */
  fake: FakeWaldur;
  /** Stops the server. */
  close(): Promise<void>;
}

export function startFakeServer(options?: FakeServerOptions): Promise<FakeServer>;
