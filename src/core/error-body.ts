/**
 * An error answer's body as DRF writes it: the `detail`, the messages of each field (nested ones
 * flattened to `offerings.0`), and the sentence an error message makes of them. Whatever the body
 * (any depth, any keys, any number of messages), reading it is bounded.
 */
import { clip } from './describe.js';

/** The longest message an error carries: whatever a server or a caller sends, a message stays readable. */
export const MAX_MESSAGE = 2000;

/**
 * Per-field messages from a DRF validation error; whole-object messages are under
 * `non_field_errors`. The object has no prototype, so any key a server sends (even `__proto__`)
 * is just a field.
 *
 * @group Errors
 */
export type FieldErrors = Record<string, string[]>;

/** How deep nested messages are followed; deeper ones are summed up in one message. */
const MAX_DEPTH = 16;
/** How many messages are kept; a body with more is summed up. */
const MAX_MESSAGES = 1000;

/** The detail and the per-field messages of a DRF error body, within the limits above. */
export function readErrorBody(body: unknown): { detail: string | undefined; fieldErrors: FieldErrors } {
  const fieldErrors: FieldErrors = Object.create(null) as FieldErrors;
  let detail: string | undefined;
  let count = 0;
  /** DRF nests messages for nested fields: `{"offerings": {"0": ["..."]}}` becomes `offerings.0`. */
  const flatten = (path: string, value: unknown, depth: number): void => {
    if (count >= MAX_MESSAGES) return;
    if (value === null || typeof value !== 'object') {
      fieldErrors[path] = [messageText(value)];
      count++;
    } else if (depth >= MAX_DEPTH) {
      fieldErrors[path] = ['(messages nested too deep to show)'];
      count++;
    } else if (Array.isArray(value) && value.every((v) => typeof v !== 'object' || v === null)) {
      fieldErrors[path] = value.slice(0, MAX_MESSAGES).map(messageText);
      count += Math.min(value.length, MAX_MESSAGES);
    } else {
      // An array's keys are its indices: `offerings.0`.
      for (const key of Object.keys(value)) {
        if (count >= MAX_MESSAGES) break;
        flatten(`${path}.${key}`, (value as Record<string, unknown>)[key], depth + 1);
      }
    }
  };
  if (Array.isArray(body)) {
    if (body.length > 0) flatten('non_field_errors', body, 0);
  } else if (body !== null && typeof body === 'object') {
    for (const key of Object.keys(body)) {
      const value = (body as Record<string, unknown>)[key];
      if (key === 'detail' && typeof value === 'string') detail = clip(value, MAX_MESSAGE);
      else flatten(key, value, 0);
      if (count >= MAX_MESSAGES) break;
    }
  }
  return { detail, fieldErrors };
}

/** Whether `value` nests objects or arrays deeper than `max` levels; iterative, so any depth is safe. */
export function nestedDeeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const [item, depth] = top;
    if (item === null || typeof item !== 'object') continue;
    if (depth >= max) return true;
    for (const child of Object.values(item)) stack.push([child, depth + 1]);
  }
  return false;
}

function messageText(value: unknown): string {
  return clip(typeof value === 'string' ? value : String(value), 500);
}

/** The message of an error answer: `head`, then the detail and the field messages (a body that is not JSON says so). */
export function summary(head: string, detail: string | undefined, fieldErrors: FieldErrors, body: unknown): string {
  const parts: string[] = [];
  let length = 0;
  for (const [field, messages] of Object.entries(fieldErrors)) {
    // Enough for a message; the rest stays in `fieldErrors`.
    if (length > MAX_MESSAGE) break;
    const part = `${clip(field, 100)}: ${messages.join(' ')}`;
    parts.push(part);
    length += part.length;
  }
  if (detail !== undefined) parts.unshift(detail);
  if (parts.length === 0 && typeof body === 'string' && body.length > 0) parts.push('the body is not JSON');
  return parts.length > 0 ? `${head}: ${parts.join('; ')}` : head;
}
