/**
 * The forms in which a hostile server (or proxy) can send a token back, and a detector that finds
 * a token in a text raw or once decoded (JSON and C escapes, percent-encoding, HTML references),
 * in any case: for the redaction tests of the SDK and of the command.
 */

const every = (token: string, encode: (c: string) => string) => Array.from(token).map(encode).join('');
const hex = (c: string) => c.charCodeAt(0).toString(16).padStart(2, '0');

/** `token` spelt with each character as `\u00XX` (a JSON string escape). */
export const jsonEscaped = (token: string) => every(token, (c) => `\\u00${hex(c)}`);
/** `token` percent-encoded, every character. */
export const percentEncoded = (token: string) => every(token, (c) => `%${hex(c).toUpperCase()}`);

/** The token as a server could spell it. */
export function tokenForms(token: string) {
  return {
    raw: token,
    upper: token.toUpperCase(),
    jsonEscaped: jsonEscaped(token),
    jsonEscapedUpperHex: every(token, (c) => `\\u00${hex(c).toUpperCase()}`),
    jsonMixed: every(token, (c) => (c === '/' ? '\\/' : /[a-f]/.test(c) ? `\\u00${hex(c)}` : c)),
    percent: percentEncoded(token),
    percentMixed: every(token, (c) => (/[0-9]/.test(c) ? c : `%${hex(c)}`)),
    percentTwice: every(token, (c) => `%25${hex(c)}`),
    html: every(token, (c) => `&#${c.charCodeAt(0)};`),
    htmlHex: every(token, (c) => `&#x${hex(c)};`),
  } as const;
}

/** Every decoding a reader (or a log viewer) might apply, repeated until nothing changes. */
function decodings(text: string): string[] {
  const out = [text];
  let current = text;
  for (let i = 0; i < 3; i++) {
    const next = current
      .replace(/\\u([0-9a-f]{4})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
      .replace(/\\x([0-9a-f]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
      .replace(/\\(.)/g, '$1')
      .replace(/%([0-9a-f]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
      .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
      .replace(/&#(\d+);/g, (_, d: string) => String.fromCharCode(Number(d)));
    if (next === current) break;
    out.push(next);
    current = next;
  }
  return out;
}

/** Whether `text` shows `token`, raw or decoded, in any case. */
export function reveals(text: string, token: string): boolean {
  return decodings(text).some((t) => t.toLowerCase().includes(token.toLowerCase()));
}
