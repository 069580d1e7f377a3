/**
 * The token: what it may be made of, the mistakes a caller makes with it named without showing it,
 * and the `Authorization` header made from it.
 */
import { clip } from './describe.js';
import { WaldurError, WaldurInputError } from './errors.js';

/** Visible ASCII without spaces: what a token may be made of (checked for a fixed token when the client is made). */
const TOKEN_CHARACTERS = /^[\x21-\x7e]+$/;

const CHARACTER_NAMES: Readonly<Record<string, string>> = { ' ': 'a space', '\t': 'a tab', '\n': 'a newline', '\r': 'a carriage return' };

/** A character that cannot be in a token, by name and code point (`a newline (U+000A)`): nothing of the token itself. */
function characterName(character: string): string {
  // `character` is one character, never empty: `?? 0` only types it.
  const code = `U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
  const name = CHARACTER_NAMES[character];
  return name ? `${name} (${code})` : code;
}

/**
 * Why a string is not a token, or undefined when it is one: the actual mistake and what to do
 * about it (whitespace to trim, an `Authorization` scheme to drop in favour of `tokenType`, the
 * first character that cannot be in a token by position and code point). Never shows the token.
 */
export function tokenProblem(token: string, tokenType: 'Token' | 'Bearer'): string | undefined {
  if (TOKEN_CHARACTERS.test(token)) return undefined;
  const key = token.trim();
  if (!key) return token ? 'is only whitespace' : 'is empty';
  const problems: string[] = [];
  const start = token.indexOf(key);
  if (key !== token) {
    const trailing = start + key.length < token.length;
    problems.push(`${trailing ? 'ends' : 'starts'} with ${characterName(token.charAt(trailing ? token.length - 1 : 0))}: trim it`);
  }
  const [scheme = '', word] = /^(token|bearer)\s+/i.exec(key) ?? [];
  if (word) {
    const type = word.length > 5 ? 'Bearer' : 'Token';
    problems.push(`starts with "${word}": give the key alone${type === tokenType ? '' : ` and set tokenType: '${type}'`}`);
  }
  const offset = start + scheme.length;
  const bad = /[^\x21-\x7e]/u.exec(key.slice(offset - start));
  if (bad) problems.push(`character ${Array.from(token.slice(0, offset + bad.index)).length + 1} is ${characterName(bad[0])}, not visible ASCII`);
  return problems.join('; ');
}

/** The `Authorization` header from a token function's answer, checked. */
export async function authorizationHeader(provider: () => string | Promise<string>, tokenType: 'Token' | 'Bearer'): Promise<string> {
  let token: unknown;
  try {
    token = await provider();
  } catch (error) {
    throw new WaldurError(`the token provider failed: ${error instanceof Error ? clip(error.message, 500) : 'it threw a non-Error'}`, {
      cause: error,
    });
  }
  // Described by type, length and positions only: the message must never show the token.
  if (typeof token !== 'string') {
    throw new WaldurInputError('token', `the token provider answered ${token === null ? 'null' : typeof token}, not a string`);
  }
  const problem = tokenProblem(token, tokenType);
  if (problem !== undefined) throw new WaldurInputError('token', `the token provider's answer ${problem}`);
  return `${tokenType} ${token}`;
}

/** The token of an `Authorization` header, without its scheme: what must be cut out of anything a server or a fetch echoes. */
export function tokenOf(authorization: string): string {
  return authorization.slice(authorization.indexOf(' ') + 1);
}
