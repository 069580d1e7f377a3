import type { FakeWaldur, FakeWaldurOptions } from '../src/testing/index.js';

/** Options of {@link startFakeServer}: those of `createFakeWaldur` (but `baseUrl`), a port and CORS exposure. */
export interface FakeServerOptions extends Omit<FakeWaldurOptions, 'baseUrl'> {
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** List `Link` and `X-Result-Count` in `Access-Control-Expose-Headers` (default true). */
  exposeHeaders?: boolean;
}

/** A fake Waldur served over HTTP on 127.0.0.1. */
export interface FakeServer {
  origin: string;
  fake: FakeWaldur;
  close(): Promise<void>;
}

export function startFakeServer(options?: FakeServerOptions): Promise<FakeServer>;
