/**
 * The body of an answer: read within a byte limit (decoded), parsed as JSON, or made into the
 * typed error of an error status, with the token cut out of whatever the server echoed.
 */
import { clip } from '../describe.js';
import { apiErrorFor, WaldurResponseError } from '../errors.js';
import type { RequestInfo, WaldurApiError } from '../errors.js';
import { redact, redactJson } from '../redact.js';
import { parseRetryAfter } from '../retry.js';

/**
 * Reads a body as text, at most `maxBytes` bytes of it (decoded: a small gzip body can inflate to
 * gigabytes). Over the limit, the body is cancelled (the connection closes) and the read fails.
 */
export async function readText(
  response: Response,
  maxBytes: number,
  request: RequestInfo,
  signal: AbortSignal,
  onReader?: (reader: ReadableStreamDefaultReader<Uint8Array>) => void,
): Promise<string> {
  if (!response.body) return '';
  const tooLarge = (size: string) =>
    new WaldurResponseError(request, response.status, `the body is over maxResponseBytes (${maxBytes}): ${size}; the connection was closed`);
  const declared = response.headers.get('Content-Length');
  const encoded = (response.headers.get('Content-Encoding') ?? 'identity') !== 'identity';
  if (declared !== null && !encoded && Number(declared) > maxBytes) {
    void response.body.cancel().catch(() => undefined);
    throw tooLarge(`Content-Length is ${clip(declared, 20)}`);
  }
  const reader = response.body.getReader();
  onReader?.(reader);
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      void reader.cancel().catch(() => undefined);
      throw tooLarge(`more than ${maxBytes} bytes arrived`);
    }
    chunks.push(value);
  }
  // A cancelled read ends as if the body were complete: the signal says it was not.
  if (signal.aborted) throw signal.reason;
  if (chunks.length === 1) return DECODER.decode(chunks[0]);
  const all = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    all.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return DECODER.decode(all);
}

const DECODER = new TextDecoder();

/**
 * The typed error of an HTTP error status; the body as parsed JSON, or as text when it is not
 * JSON. The token is cut out of everything the server chose: the body after decoding (a JSON
 * string may spell it in `\uXXXX` escapes), its keys, and the status text.
 */
export function apiError(response: Response, text: string, request: RequestInfo, secret: string): WaldurApiError {
  let body: unknown;
  try {
    body = text === '' ? undefined : redactJson(JSON.parse(text), secret);
  } catch {
    // kept as text (an HTML page from a proxy, say)
    body = redact(text, secret);
  }
  return apiErrorFor(response.status, body, request, redact(response.statusText, secret), parseRetryAfter(response.headers.get('Retry-After')));
}

export function parseJson(text: string, response: Response, request: RequestInfo, secret: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    const type = redact(response.headers.get('Content-Type') ?? 'no Content-Type', secret);
    // JSON.parse quotes the start of the text it failed on, which may be the start of an echoed
    // token (a prefix escapes redaction): the excerpt is left out.
    const message = error instanceof Error ? error.message.replace(/"[\s\S]*"(\.\.\.)?/, '(the text)') : 'invalid JSON';
    const cause = new SyntaxError(redact(message, secret));
    throw new WaldurResponseError(request, response.status, `the body is not valid JSON (${clip(type, 100)}, ${text.length} characters)`, cause);
  }
}
