/**
 * `projectCredits.applyChanges` against the fake Waldur, with faults injected in front of it: the
 * report tells the truth each time, and no change is applied twice.
 */
import { describe, expect, it } from 'vitest';
import { createWaldurClient, Decimal, WaldurBadRequestError, WaldurInputError, WaldurNotFoundError } from '../src/index.js';
import type { ApplyProgress, CreditUpdate } from '../src/index.js';
import { createFakeWaldur } from '../src/testing/index.js';

type Fault = (request: Request, send: () => Promise<Response>) => Promise<Response> | undefined;

/** Whether `url` names the credit `uuid` (either form). */
const names = (url: string, uuid: string) => url.replaceAll('-', '').toLowerCase().includes(`/${uuid.replaceAll('-', '').toLowerCase()}/`);

function setup(count = 12, fault?: Fault) {
  const fake = createFakeWaldur({ credits: count, token: 'apply' });
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const request = new Request(input, init);
    const send = () => fake.fetch(request.clone(), { signal: init?.signal ?? null });
    return (await fault?.(request, send)) ?? send();
  };
  const waldur = createWaldurClient({ baseUrl: fake.baseUrl, token: 'apply', fetch, timeoutMs: 200, retryBackoffMs: 1 });
  const patches = (uuid?: string) => fake.requests.filter((r) => r.method === 'PATCH' && (uuid === undefined || names(r.url, uuid)));
  return { fake, waldur, patches };
}

/** The fake's first credits (by their canonical UUIDs, as reports name them), with a lower value to set (well inside every organization's credit). */
function lowered(fake: ReturnType<typeof createFakeWaldur>, n: number): CreditUpdate[] {
  const canonical = (hex: string) => hex.replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');
  return fake.credits.slice(0, n).map((c, i) => ({ uuid: canonical(c.uuid), value: new Decimal(c.value).div(2).toDecimalPlaces(5).plus(i).toFixed() }));
}

describe('planning', () => {
  it('a dry run reads in pages, sends nothing, and plans the changed fields only, before and after', async () => {
    const { fake, waldur, patches } = setup(650);
    const target = fake.credits[600]!;
    const report = await waldur.projectCredits.applyChanges(
      [
        { uuid: target.uuid.toUpperCase(), value: '12.5', end_date: target.end_date ?? null },
        { uuid: fake.credits[1]!.uuid, value: fake.credits[1]!.value },
      ],
      { dryRun: true },
    );
    expect(report.dryRun).toBe(true);
    expect(report.planned).toHaveLength(1);
    const [plan] = report.planned;
    expect(Object.keys(plan!.after)).toEqual(['value']);
    expect((plan!.before.value as Decimal).toFixed(5)).toBe(target.value);
    expect((plan!.after.value as Decimal).toFixed()).toBe('12.5');
    expect(report.unchanged).toEqual([expect.stringMatching(/^[0-9a-f-]{36}$/)]);
    expect(report.applied).toEqual([]);
    expect(patches()).toHaveLength(0);
    // In pages (300 a page by default), not one GET per credit.
    const gets = fake.requests.filter((r) => r.method === 'GET');
    expect(gets.every((r) => r.url.includes('/api/project-credits/?'))).toBe(true);
    expect(gets.length).toBeLessThanOrEqual(3);
  });

  it('applies, and the same changes a second time send nothing', async () => {
    const { fake, waldur, patches } = setup();
    const changes = lowered(fake, 5);
    const first = await waldur.projectCredits.applyChanges(changes);
    expect(first.applied.map((c) => c.uuid)).toEqual(first.planned.map((c) => c.uuid));
    expect(first.applied).toHaveLength(5);
    expect(patches()).toHaveLength(5);
    for (const change of changes) expect(fake.credit(change.uuid)!.value).toBe(new Decimal(change.value as string).toFixed(5));
    const second = await waldur.projectCredits.applyChanges(changes);
    expect(second.unchanged).toHaveLength(5);
    expect(second.planned).toEqual([]);
    expect(patches()).toHaveLength(5);
  });

  it('a bad row fails the whole plan before any request, naming the row', async () => {
    const { fake, waldur } = setup();
    const changes: unknown[] = [{ uuid: fake.credits[0]!.uuid, value: '1' }, { uuid: fake.credits[1]!.uuid, value: '1.123456' }];
    const error = await waldur.projectCredits.applyChanges(changes as CreditUpdate[]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaldurInputError);
    expect((error as WaldurInputError).field).toBe('changes[1].value');
    for (const [bad, field] of [
      [[{ value: '1' }], 'changes[0].uuid'],
      [[{ uuid: fake.credits[0]!.uuid, valeu: '1' }], 'changes[0].valeu'],
      [[{ uuid: fake.credits[0]!.uuid }, { uuid: fake.credits[0]!.uuid.replaceAll('-', '') }], 'changes[1].uuid'],
      [['x'], 'changes[0]'],
    ] as const) {
      await expect(waldur.projectCredits.applyChanges(bad as never)).rejects.toMatchObject({ field });
    }
    expect(fake.requests).toHaveLength(0);
  });

  it('a credit the server does not have is failed with WaldurNotFoundError; the others go ahead', async () => {
    const { fake, waldur } = setup();
    const missing = '00000000-0000-4000-8000-000000000001';
    const report = await waldur.projectCredits.applyChanges([{ uuid: missing, value: '1' }, ...lowered(fake, 1)]);
    expect(report.failed.map((f) => [f.uuid, f.error.constructor])).toEqual([[missing, WaldurNotFoundError]]);
    expect(report.applied).toHaveLength(1);
  });
});

describe('faults: the report tells the truth and nothing is applied twice', () => {
  it('a PATCH that times out after the server applied it: read back, counted applied, not sent again', async () => {
    let first = true;
    const { fake, waldur, patches } = setup(12, (request, send) => {
      if (request.method !== 'PATCH' || !first) return undefined;
      first = false;
      return send().then((response) => new Promise((resolve) => setTimeout(() => resolve(response), 600)));
    });
    const changes = lowered(fake, 3);
    const report = await waldur.projectCredits.applyChanges(changes, { concurrency: 1 });
    expect(report.applied).toHaveLength(3);
    expect(report.failed).toEqual([]);
    expect(patches(changes[0]!.uuid)).toHaveLength(1);
    expect(fake.credit(changes[0]!.uuid)!.value).toBe(new Decimal(changes[0]!.value as string).toFixed(5));
  });

  it('a PATCH lost before it reached the server: read back, sent again once, applied', async () => {
    let first = true;
    const { fake, waldur, patches } = setup(12, (request) => {
      if (request.method !== 'PATCH' || !first) return undefined;
      first = false;
      return Promise.reject(new TypeError('fetch failed', { cause: new Error('connection reset') }));
    });
    const changes = lowered(fake, 2);
    const report = await waldur.projectCredits.applyChanges(changes, { concurrency: 1 });
    expect(report.applied).toHaveLength(2);
    expect(patches(changes[0]!.uuid)).toHaveLength(1); // the lost one never reached the fake
    expect(fake.credit(changes[0]!.uuid)!.value).toBe(new Decimal(changes[0]!.value as string).toFixed(5));
  });

  it('a 503 that did not apply: read back, sent again, applied', async () => {
    let first = true;
    const { fake, waldur, patches } = setup(12, (request) => {
      if (request.method !== 'PATCH' || !first) return undefined;
      first = false;
      return Promise.resolve(Response.json({ detail: 'Service unavailable.' }, { status: 503 }));
    });
    const changes = lowered(fake, 1);
    const report = await waldur.projectCredits.applyChanges(changes);
    expect(report.applied).toHaveLength(1);
    expect(patches()).toHaveLength(1);
  });

  it('a 400 on one row: that row failed with the typed error, the others applied', async () => {
    const { fake, waldur, patches } = setup(12, (request) =>
      request.method === 'PATCH' && names(request.url, fake.credits[1]!.uuid)
        ? Promise.resolve(Response.json(['The sum of project credits cannot exceed the credit for organization.'], { status: 400 }))
        : undefined,
    );
    const changes = lowered(fake, 3);
    const untouched = fake.credits[1]!.value;
    const report = await waldur.projectCredits.applyChanges(changes);
    expect(report.applied.map((c) => c.uuid)).toEqual([changes[0]!.uuid, changes[2]!.uuid]);
    expect(report.failed).toHaveLength(1);
    expect(report.failed[0]!.uuid).toBe(changes[1]!.uuid);
    expect(report.failed[0]!.error).toBeInstanceOf(WaldurBadRequestError);
    expect((report.failed[0]!.error as WaldurBadRequestError).fieldErrors.non_field_errors).toEqual([
      'The sum of project credits cannot exceed the credit for organization.',
    ]);
    expect(patches(changes[1]!.uuid)).toHaveLength(0);
    expect(fake.credit(changes[1]!.uuid)!.value).toBe(untouched);
  });

  it('an abort midway starts no further write; the report lists applied and skipped', async () => {
    const { fake, waldur, patches } = setup();
    const controller = new AbortController();
    const changes = lowered(fake, 5);
    const progress: ApplyProgress[] = [];
    const report = await waldur.projectCredits.applyChanges(changes, {
      concurrency: 1,
      signal: controller.signal,
      onProgress: (p) => {
        progress.push(p);
        if (p.phase === 'write' && p.done === 2) controller.abort(new Error('operator pressed Ctrl-C'));
      },
    });
    expect(report.aborted).toBe(true);
    expect(report.applied.map((c) => c.uuid)).toEqual(changes.slice(0, 2).map((c) => c.uuid));
    expect(report.skipped).toEqual(changes.slice(2).map((c) => c.uuid));
    expect(patches()).toHaveLength(2);
    expect(progress.filter((p) => p.phase === 'write').map((p) => p.done)).toEqual([1, 2]);
    // Running the same changes again applies exactly the skipped ones.
    const rest = await waldur.projectCredits.applyChanges(changes);
    expect(rest.unchanged).toEqual(changes.slice(0, 2).map((c) => c.uuid));
    expect(rest.applied.map((c) => c.uuid)).toEqual(changes.slice(2).map((c) => c.uuid));
    expect(patches()).toHaveLength(5);
  });
});
