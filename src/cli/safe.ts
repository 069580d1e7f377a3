/**
 * Text from the server made safe for where the command writes it. Names are chosen by project
 * members, and a hostile server may send anything: a terminal must not obey a name, a spreadsheet
 * must not run it, and a JSON reader must get it unchanged.
 */
import stringWidth from 'string-width';

/**
 * Characters that drive a terminal, break a line or reorder or hide text: C0 and C1 controls and
 * DEL (ESC, CR, LF, BEL, NEL, CSI…), the line and paragraph separators, the bidirectional
 * controls (LRM, RLM, ALM, embeddings, overrides, isolates) and the invisible ZWSP, word joiner and
 * BOM. (ZWJ and ZWNJ are left: emoji and scripts need them; they move nothing.)
 */
// eslint-disable-next-line no-control-regex -- control characters are what it finds
const UNSAFE = /[\x00-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2060\u2066-\u2069\ufeff]/g;
const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

const hex = (c: string, digits: number) => c.charCodeAt(0).toString(16).padStart(digits, '0');

/**
 * `text` as a terminal may show it: each unsafe character written as its escape (`\x1b`, `\n`,
 * `\u202e`), so a name can neither forge a line nor move the cursor, change colours or reorder
 * what follows. Other text (accents, CJK, emoji) is left as it is.
 */
export function printable(text: string): string {
  return text.replace(UNSAFE, (c) => NAMED[c] ?? (c <= '\xff' ? `\\x${hex(c, 2)}` : `\\u${hex(c, 4)}`));
}

/** The columns `text` takes on a terminal: CJK and emoji count two, combining marks none (`string-width`). */
export function displayWidth(text: string): number {
  return stringWidth(text, { countAnsiEscapeCodes: true });
}

/** The unsafe characters JSON.stringify leaves raw (it escapes C0 itself). */
const JSON_UNSAFE = /[\x7f-\x9f\u061c\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2060\u2066-\u2069\ufeff]/g;

/**
 * `JSON.stringify(value, null, indent)`, with the unsafe characters inside strings written as
 * `\uXXXX` escapes: every string parses back identical, and the output holds no raw C1 control,
 * line separator or bidi control, so NDJSON stays one record a line for any line splitter and a
 * terminal showing JSON obeys nothing. (Outside strings JSON is ASCII: only strings can hold them.)
 */
export function jsonText(value: unknown, indent?: number): string {
  return JSON.stringify(value, null, indent).replace(JSON_UNSAFE, (c) => `\\u${hex(c, 4)}`);
}

/**
 * What a spreadsheet may read as the start of a formula (OWASP's CSV injection rule: `=`, `+`,
 * `-`, `@`, tab, CR; also LF and NUL, as ASVS lists), here also in their full-width and small
 * forms (`＝`, `＋`, `－`, `＠`, `﹦`, `﹢`, `﹣`, `﹫`, and `−`), and after leading spaces or
 * invisible characters, which some importers trim.
 */
const FORMULA = /^[\s\p{Z}\p{Cc}\p{Cf}]*[=+\-@\uff1d\uff0b\uff0d\uff20\ufe66\ufe62\ufe63\ufe6b\u2212]|^\p{Cc}/u;

/**
 * Whether a CSV cell would be read as a formula, once any leading `'` are taken off: so a cell
 * the export neutralised (`'=…`), and one the server sent that way, count too. That makes
 * {@link neutralise} and {@link restore} exact inverses for every text.
 */
function formulaLike(cell: string): boolean {
  return FORMULA.test(cell.replace(/^'+/, ''));
}

/** A text cell as the export writes it: one `'` before a cell a spreadsheet would run (OWASP); any other cell as it is. */
export function neutralise(cell: string): string {
  return formulaLike(cell) ? `'${cell}` : cell;
}

/** A text cell of a change file as the server's text: the `'` that {@link neutralise} added taken off again. */
export function restore(cell: string): string {
  return cell.startsWith("'") && formulaLike(cell) ? cell.slice(1) : cell;
}
