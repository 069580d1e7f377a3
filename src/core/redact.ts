/**
 * Cutting the token out of anything a server, a proxy or a fetch may echo: a text, a parsed JSON
 * body, the cause chain of a failure. Every message and property of an error passes through here
 * before the error is made.
 */
import { clip } from './describe.js';

/** The message of a cause (and of its own cause), the secret cut out before the text is clipped: a clip never leaves part of it. */
export function causeMessage(cause: unknown, secret: string | undefined): string {
  if (!(cause instanceof Error)) return typeof cause === 'string' ? clip(redact(cause, secret), 500) : 'unknown error';
  const inner = cause.cause instanceof Error && cause.cause.message ? ` (${cause.cause.message})` : '';
  return clip(redact(`${cause.message}${inner}`, secret), 500);
}

/** The pattern of the secret seen last (a client has one token, or one at a time as it rotates). */
let lastPattern: [string, RegExp] | undefined;

/**
 * `text` with `secret` cut out, in every form a server, a proxy or a fetch may echo it: each
 * character as it is (in any case, or `\`-escaped as in `\/`), percent-encoded once or twice
 * (`%74`, `%2574`), as a JSON or C escape (`\u0074`, `\x74`) or an HTML reference (`&#116;`,
 * `&#x74;`), in any mix. A token is visible ASCII (checked before it is sent), so each character
 * has just these forms. A secret shorter than 4 characters is not looked for.
 */
export function redact(text: string, secret: string | undefined): string {
  if (!secret || secret.length < 4) return text;
  if (lastPattern?.[0] !== secret) {
    const characters = Array.from(secret, (c) => {
      const code = c.charCodeAt(0);
      const hex = code.toString(16);
      return `(?:\\\\?${/\w/.test(c) ? c : `\\${c}`}|%(?:25)?${hex}|\\\\(?:u00|x)${hex}|&#(?:${code}|x${hex});)`;
    });
    lastPattern = [secret, new RegExp(characters.join(''), 'gi')];
  }
  return text.replace(lastPattern[1], '[redacted]');
}

/**
 * A parsed JSON body with `secret` cut out of every string and every key, at any depth (JSON
 * decodes `\uXXXX` escapes, so this runs after parsing). Changes the body in place (it is a fresh
 * parse, owned by no one else) and answers it; walks iteratively, so any depth is safe.
 */
export function redactJson(body: unknown, secret: string | undefined): unknown {
  if (typeof body === 'string') return redact(body, secret);
  if (!secret) return body;
  const stack: unknown[] = [body];
  while (stack.length > 0) {
    const top = stack.pop();
    if (top === null || typeof top !== 'object') continue;
    const item = top as Record<string, unknown>;
    for (const key of Object.keys(item)) {
      const child = item[key];
      stack.push(child);
      const safeKey = Array.isArray(item) ? key : redact(key, secret);
      const value = typeof child === 'string' ? redact(child, secret) : child;
      // A `__proto__` key of JSON.parse is an own property: setting it sets that property, and a
      // redacted key holds "[redacted]", so it is never `__proto__`.
      if (safeKey !== key) delete item[key];
      item[safeKey] = value;
    }
  }
  return body;
}

/** How many causes deep a cause chain is copied. */
const MAX_CAUSES = 5;

/**
 * A copy of a cause chain that cannot carry the request: fetch's and ky's errors (and a custom
 * fetch's, at any depth) can hold the `Request`, whose headers hold the token. Each `Error` of the
 * chain becomes a plain `Error` with the same name, message (the secret cut out) and `code`;
 * anything else (an object holding a request, say) is left out.
 */
export function safeCause(cause: unknown, secret?: string, depth = 0): Error | undefined {
  if (!(cause instanceof Error) || depth >= MAX_CAUSES) return undefined;
  const inner = safeCause(cause.cause, secret, depth + 1);
  // A custom fetch's error may hold anything in its message and name: read as unknown, made strings.
  const { message, name }: { message: unknown; name: unknown } = cause;
  const copy = new Error(clip(redact(String(message), secret), 500), inner === undefined ? undefined : { cause: inner });
  copy.name = clip(redact(String(name), secret), 100);
  const code = (cause as { code?: unknown }).code;
  if (typeof code === 'string' || typeof code === 'number') Object.assign(copy, { code });
  copy.stack = `${copy.name}: ${copy.message}`;
  return copy;
}
