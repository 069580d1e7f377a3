/**
 * The token is cut out of every form a hostile server (or proxy) can send it back in: inside JSON
 * string escapes, as a JSON key, in a text body, percent-encoded in a redirect's `Location`, in
 * the status text, in a header quoted by an error, in a 200 body whose shape error quotes it. Each
 * error is looked at as a caller and a log would see it: message, String(), stack, util.inspect,
 * JSON.stringify, its properties (`body`, `detail`, `fieldErrors`, `url`) and the `onResponse`
 * hook's event. A view "reveals" the token if the token shows in it raw or once decoded
 * (JSON escapes, percent-encoding, HTML references), in any case.
 */
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createWaldurClient, WaldurBadRequestError, WaldurError, WaldurResponseError, WaldurServerError } from '../../src/index.js';
import type { ResponseEvent } from '../../src/index.js';
import { redact, redactJson } from '../../src/core/redact.js';
import { BASE_URL, CREDIT_HEX, wireCredit } from '../support/fixtures.js';
import { reveals as revealsToken, tokenForms } from '../support/token-forms.js';

/** Visible ASCII with the characters that have escapes of their own (`/` is `\/` in JSON, `+` a space in a form). */
const TOKEN = 'tok_Redact/9f8e+7d6c5b4a3210';

const every = (token: string, encode: (c: string) => string) => Array.from(token, encode).join('');
const hex = (c: string) => c.charCodeAt(0).toString(16).padStart(2, '0');
const FORMS = tokenForms(TOKEN);
const reveals = (text: string, token = TOKEN) => revealsToken(text, token);

/** Every way an error is seen. */
function views(error: unknown): Record<string, string> {
  const e = error as WaldurError;
  // The properties of the error classes that have them (a response error's body, detail, …).
  const { body, detail, fieldErrors, url } = error as Record<string, unknown>;
  return {
    message: e.message,
    string: String(e),
    stack: e.stack ?? '',
    inspect: inspect(e, { depth: Number.POSITIVE_INFINITY, showHidden: true }),
    json: JSON.stringify(e),
    properties: JSON.stringify({ body, detail, fieldErrors, url }),
  };
}

function expectNoToken(error: unknown, events: ResponseEvent[] = []) {
  expect(error).toBeInstanceOf(WaldurError);
  for (const [view, text] of Object.entries(views(error))) expect(reveals(text), `the token shows in ${view}: ${text.slice(0, 300)}`).toBe(false);
  for (const event of events)
    expect(reveals(inspect(event, { depth: Number.POSITIVE_INFINITY })), 'the token shows in an onResponse event').toBe(false);
}

/** A client whose server answers `answer()` to everything; the onResponse events it saw. */
function client(answer: () => Response, token: string | (() => string) = TOKEN) {
  const events: ResponseEvent[] = [];
  const waldur = createWaldurClient({
    baseUrl: BASE_URL,
    token,
    maxRetries: 0,
    fetch: async () => answer(),
    onResponse: (event) => events.push(event),
  });
  return { waldur, events };
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => new Error('expected a failure'),
    (error: unknown) => error,
  );
}

const json = (text: string, status: number, init: ResponseInit = {}) =>
  new Response(text, { ...init, status, headers: { 'Content-Type': 'application/json', ...(init.headers as Record<string, string>) } });

describe('the test’s own detector', () => {
  it('sees every form of the token, and not a text without it', () => {
    for (const [form, text] of Object.entries(FORMS)) expect(reveals(`x ${text} y`), form).toBe(true);
    expect(reveals('a [redacted] b')).toBe(false);
    expect(reveals(TOKEN.slice(0, -1))).toBe(false);
  });
});

describe('redact() and redactJson()', () => {
  it('cut every form, in the middle of other text, and keep the text around it', () => {
    for (const [form, text] of Object.entries(FORMS)) {
      const out = redact(`before ${text} after`, TOKEN);
      expect(out, form).toBe('before [redacted] after');
    }
    // A form mixing encodings character by character.
    const mixed = Array.from(TOKEN, (c, i) => [c, `%${hex(c)}`, `\\u00${hex(c)}`, `&#${c.charCodeAt(0)};`][i % 4]).join('');
    expect(redact(mixed, TOKEN)).toBe('[redacted]');
    expect(redact('no secret here', TOKEN)).toBe('no secret here');
    expect(redact('short abc', 'abc')).toBe('short abc'); // fewer than 4 characters: not looked for
  });

  it('redactJson: strings and keys at any depth (50,000 levels), a "__proto__" key stays a key', () => {
    let deep: unknown = `deep ${TOKEN}`;
    for (let i = 0; i < 50_000; i++) deep = [deep];
    const body = JSON.parse(
      `{"__proto__": "${FORMS.jsonEscaped}", "${FORMS.jsonEscaped}": ["x ${FORMS.jsonMixed}"], "deep": ${JSON.stringify({ a: [{ b: TOKEN }] })}}`,
    ) as Record<string, unknown>;
    body.nested = deep;
    redactJson(body, TOKEN);
    expect(Object.getPrototypeOf(body)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(body, '__proto__')?.value).toBe('[redacted]');
    expect(body['[redacted]']).toEqual(['x [redacted]']);
    expect(body.deep).toEqual({ a: [{ b: '[redacted]' }] });
    let inner: unknown = body.nested;
    while (Array.isArray(inner)) inner = inner[0];
    expect(inner).toBe('deep [redacted]');
  });
});

describe('a hostile server echoes the token: no error shows it', () => {
  it('400 whose detail spells the token in \\uXXXX escapes (JSON decodes them)', async () => {
    const { waldur, events } = client(() => json(`{"detail": "invalid token ${FORMS.jsonEscaped}"}`, 400));
    const error = await failure(waldur.projectCredits.get(CREDIT_HEX));
    expect(error).toBeInstanceOf(WaldurBadRequestError);
    expect((error as WaldurBadRequestError).detail).toBe('invalid token [redacted]');
    expect((error as Error).message).toContain('invalid token [redacted]');
    expectNoToken(error, events);
  });

  it('400 whose field messages, and keys, hold the token in escapes, \\/ and upper-case hex, nested and in a bare list', async () => {
    const bodies = [
      `{"value": ["${FORMS.jsonMixed} is not allowed"], "${FORMS.jsonEscapedUpperHex}": ["x"], "offerings": {"0": {"name": ["${FORMS.jsonEscaped}"]}}}`,
      `["${FORMS.jsonEscapedUpperHex}"]`,
      `"${FORMS.jsonEscaped}"`,
    ];
    for (const text of bodies) {
      const { waldur, events } = client(() => json(text, 400));
      const error = await failure(waldur.projectCredits.patch(CREDIT_HEX, { value: '1' }));
      expect(error).toBeInstanceOf(WaldurBadRequestError);
      expect(JSON.stringify((error as WaldurBadRequestError).body)).toContain('[redacted]');
      expectNoToken(error, events);
    }
  });

  it('a text body (a proxy’s HTML page) with the token raw, upper-cased, percent-encoded and as HTML references', async () => {
    const page = `<html><body>Authorization: Token ${FORMS.raw}<br>${FORMS.upper}<br>${FORMS.percent}<br>${FORMS.html}<br>${FORMS.htmlHex}</body></html>`;
    const { waldur, events } = client(() => new Response(page, { status: 502, headers: { 'Content-Type': 'text/html' } }));
    const error = await failure(waldur.projectCredits.get(CREDIT_HEX));
    expect(error).toBeInstanceOf(WaldurServerError);
    expect((error as WaldurServerError).body).toBe(
      '<html><body>Authorization: Token [redacted]<br>[redacted]<br>[redacted]<br>[redacted]<br>[redacted]</body></html>',
    );
    expectNoToken(error, events);
  });

  it('a redirect whose Location carries the token: raw, percent-encoded, twice encoded, in the userinfo', async () => {
    for (const location of [
      `https://evil.example/login?token=${FORMS.raw}`,
      `https://evil.example/login?token=${FORMS.percent}`,
      `https://evil.example/login?next=${FORMS.percentTwice}`,
      `https://${FORMS.percentMixed}@evil.example/`,
    ]) {
      const { waldur, events } = client(() => new Response(null, { status: 302, headers: { Location: location } }));
      const error = await failure(waldur.projectCredits.get(CREDIT_HEX));
      expect(error).toBeInstanceOf(WaldurResponseError);
      expect((error as Error).message).toMatch(/redirected to https:\/\/.*\[redacted\]/);
      expectNoToken(error, events);
    }
  });

  it('the status text (the reason phrase) and a Content-Type quoted by an error', async () => {
    const status = client(() => json('{}', 500, { statusText: `Failed for ${TOKEN}` }));
    const error = await failure(status.waldur.projectCredits.get(CREDIT_HEX));
    expect((error as Error).message).toContain('500 Failed for [redacted]');
    expectNoToken(error, status.events);

    const type = client(() => new Response('{not json', { status: 200, headers: { 'Content-Type': `application/json; echo=${FORMS.percent}` } }));
    const typeError = await failure(type.waldur.projectCredits.get(CREDIT_HEX));
    expect((typeError as Error).message).toMatch(/not valid JSON \(application\/json; echo=\[redacted\]/);
    expectNoToken(typeError, type.events);
  });

  it('a 200 whose credit holds the token where a UUID or an amount belongs (the shape error quotes the value)', async () => {
    for (const field of ['uuid', 'value', 'project_uuid']) {
      const { waldur, events } = client(() =>
        json(JSON.stringify(wireCredit({ [field]: TOKEN })).replace(TOKEN.replace('/', '\\/'), FORMS.jsonEscaped), 200),
      );
      const error = await failure(waldur.projectCredits.get(CREDIT_HEX));
      expect(error).toBeInstanceOf(WaldurResponseError);
      expect((error as Error).message, field).toContain(`credit.${field} is`);
      expectNoToken(error, events);
    }
    const page = client(() => json(`"${TOKEN}"`, 200));
    expectNoToken(await failure(page.waldur.projectCredits.list()), page.events);
  });

  it('a token function: the token of each attempt is cut out', async () => {
    let n = 0;
    const tokens = ['rotating-token-one-1111', 'rotating-token-two-2222'];
    const { waldur } = client(
      () => json(`{"detail": "${every(tokens[n - 1]!, (c) => `\\u00${hex(c)}`)}"}`, 400),
      () => tokens[n++]!,
    );
    for (const token of tokens) {
      const error = await failure(waldur.projectCredits.patch(CREDIT_HEX, { value: '1' }));
      expect((error as Error).message).toContain('[redacted]');
      for (const [view, text] of Object.entries(views(error))) expect(reveals(text, token), view).toBe(false);
    }
  });

  it('a fetch (or proxy) error quoting the token percent-encoded or in JSON escapes: the network error and its causes', async () => {
    const waldur = createWaldurClient({
      baseUrl: BASE_URL,
      token: TOKEN,
      maxRetries: 0,
      fetch: async () => {
        throw new TypeError(`fetch failed: https://proxy.example/?auth=${FORMS.percent}`, {
          cause: new Error(`upstream said {"token": "${FORMS.jsonEscaped}"}`),
        });
      },
    });
    const error = await failure(waldur.projectCredits.get(CREDIT_HEX));
    expect((error as Error).message).toContain('auth=[redacted]');
    expectNoToken(error);
  });

  it('no prefix of the token either: a body that starts with it (JSON.parse quotes the start), a message clipped in the middle of it', async () => {
    const prefix = TOKEN.slice(0, 8);
    const body = client(() => new Response(`${TOKEN} is not JSON`, { status: 200, headers: { 'Content-Type': 'application/json' } }));
    const notJson = await failure(body.waldur.projectCredits.get(CREDIT_HEX));
    expect(notJson).toBeInstanceOf(WaldurResponseError);
    for (const [view, text] of Object.entries(views(notJson))) expect(reveals(text, prefix), `${view}: ${text.slice(0, 400)}`).toBe(false);

    // 500 characters is where a cause's message is clipped: the token straddles it.
    const waldur = createWaldurClient({
      baseUrl: BASE_URL,
      token: TOKEN,
      maxRetries: 0,
      fetch: async () => {
        throw new TypeError(`${'x'.repeat(490)}${TOKEN}`);
      },
    });
    const clipped = await failure(waldur.projectCredits.get(CREDIT_HEX));
    for (const [view, text] of Object.entries(views(clipped))) expect(reveals(text, prefix), view).toBe(false);
  });

  it('what is not the token stays: a body that merely resembles it is kept', async () => {
    const { waldur } = client(() => json(`{"detail": "${TOKEN.slice(0, -2)} almost"}`, 400));
    const error = await failure(waldur.projectCredits.get(CREDIT_HEX));
    expect((error as WaldurBadRequestError).detail).toBe(`${TOKEN.slice(0, -2)} almost`);
  });
});
