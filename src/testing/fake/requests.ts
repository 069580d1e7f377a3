/**
 * The requests the fake answered, as a test reads them back (`fake.requests`): the token never
 * kept, only its scheme.
 */
import type { FakeRequest } from './types.js';

/** One answered request as `fake.requests` holds it. */
export function recorded(request: Request, method: string, text: string, status: number): FakeRequest {
  return { method, url: request.url, status, headers: recordHeaders(request.headers), body: parseBody(text) };
}

/** The headers, names in lower case; `authorization` redacted to its scheme (`Token ***`). */
function recordHeaders(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    const scheme = /^(\S+)\s/.exec(value.trim())?.[1];
    out[name] = name === 'authorization' ? `${scheme === undefined ? '' : `${scheme} `}***` : value;
  });
  return out;
}

/** The body: parsed JSON, the raw text when it is not JSON, `undefined` when empty. */
function parseBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
