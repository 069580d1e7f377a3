import { http, HttpResponse } from 'msw';
import { server } from './server.js';

/** A request as the mock server saw it, body read. */
export interface Seen {
  method: string;
  url: URL;
  headers: Headers;
  /** The parsed JSON body (`undefined` when empty), read from a clone taken as the request started. */
  body: Promise<unknown>;
}

/**
 * Records every request reaching the mock server. Handlers passed in answer first; anything they
 * do not answer is recorded and answered 599, so a test can assert that *no* request was sent.
 */
export function recordRequests(): Seen[] {
  const seen: Seen[] = [];
  server.events.on('request:start', ({ request }) => {
    seen.push({
      method: request.method,
      url: new URL(request.url),
      headers: request.headers,
      body: request
        .clone()
        .text()
        .then((text): unknown => (text ? JSON.parse(text) : undefined)),
    });
  });
  server.use(http.all('*', () => HttpResponse.json({ detail: 'unexpected request' }, { status: 599 })));
  return seen;
}
