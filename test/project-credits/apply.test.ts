/**
 * `projectCredits.applyChanges` against the fake Waldur, with faults injected in front of it: the
 * report says only what the server's answers show (applied, unchanged, not applied, unknown), and
 * a change the server holds is never sent again.
 */
import { describe, expect, it } from 'vitest';
import {
  createWaldurClient,
  Decimal,
  WaldurBadRequestError,
  WaldurError,
  WaldurInputError,
  WaldurNetworkError,
  WaldurNotFoundError,
  WaldurRateLimitError,
  WaldurTimeoutError,
} from '../../src/index.js';
import type { ApplyProgress, CreditUpdate } from '../../src/index.js';
import { readsOneByOne } from '../../src/project-credits/apply/read.js';
import { createFakeWaldur } from '../../src/testing/index.js';
import type { FakeProfile } from '../../src/testing/index.js';

type Fault = (request: Request, send: () => Promise<Response>) => Promise<Response | undefined> | undefined;

/** Whether `url` names the credit `uuid` (either form). */
const names = (url: string, uuid: string) =>
  url
    .replaceAll('-', '')
    .toLowerCase()
    .includes(`/${uuid.replaceAll('-', '').toLowerCase()}/`);

function setup(count = 12, fault?: Fault, profile: FakeProfile = 'current') {
  const fake = createFakeWaldur({ credits: count, token: 'apply', profile });
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const request = new Request(input, init);
    const send = () => fake.fetch(request.clone(), { signal: init?.signal ?? null });
    return (await fault?.(request, send)) ?? send();
  };
  const waldur = createWaldurClient({ baseUrl: fake.baseUrl, token: 'apply', fetch, timeoutMs: 200, retryBackoffMs: 1 });
  const patches = (uuid?: string) => fake.requests.filter((r) => r.method === 'PATCH' && (uuid === undefined || names(r.url, uuid)));
  return { fake, waldur, patches };
}

const canonical = (hex: string) => hex.replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');

/** The fake's first credits (by their canonical UUIDs, as reports name them), with a lower value to set (well inside every organization's credit). */
function lowered(fake: ReturnType<typeof createFakeWaldur>, n: number): CreditUpdate[] {
  return fake.credits
    .slice(0, n)
    .map((c, i) => ({ uuid: canonical(c.uuid), value: new Decimal(c.value).div(2).toDecimalPlaces(5).plus(i).toFixed() }));
}

describe('planning', () => {
  it('a dry run reads in pages, sends nothing, and plans the changed fields only, before and after, with the project name', async () => {
    const { fake, waldur, patches } = setup(650);
    const targets = fake.credits.slice(0, 600);
    const report = await waldur.projectCredits.applyChanges(
      [
        { uuid: targets[599]!.uuid.toUpperCase(), value: '12.5', end_date: targets[599]!.end_date ?? null },
        ...targets.slice(0, 599).map((c) => ({ uuid: c.uuid, value: c.value })),
      ],
      { dryRun: true },
    );
    expect(report.dryRun).toBe(true);
    expect(report.planned).toHaveLength(1);
    const [plan] = report.planned;
    expect(plan!.project_name).toBe(targets[599]!.project_name);
    expect(Object.keys(plan!.after)).toEqual(['value']);
    expect((plan!.before.value as Decimal).toFixed(5)).toBe(targets[599]!.value);
    expect((plan!.after.value as Decimal).toFixed()).toBe('12.5');
    expect(report.unchanged).toHaveLength(599);
    expect(report.applied).toEqual([]);
    expect(patches()).toHaveLength(0);
    // 600 of 650 credits: one count, then a walk in pages (300 a page by default), not one GET per credit.
    expect(fake.requests.map((r) => r.method)).toEqual(['HEAD', 'GET', 'GET', 'GET']);
    expect(fake.requests.filter((r) => r.method === 'GET').every((r) => r.url.includes('/api/project-credits/?'))).toBe(true);
  });

  it('a few changes read only their credits: one GET each, no count, no walk', async () => {
    const { fake, waldur } = setup(650);
    const report = await waldur.projectCredits.applyChanges(lowered(fake, 3), { dryRun: true });
    expect(report.planned).toHaveLength(3);
    expect(fake.requests.map((r) => r.method)).toEqual(['GET', 'GET', 'GET']);
    expect(fake.requests.every((r) => !r.url.includes('?'))).toBe(true);
  });

  it('more changes than GETs in flight: a count decides, GETs when they are few for the credits there are, else a walk', async () => {
    const big = setup(3000);
    await big.waldur.projectCredits.applyChanges(lowered(big.fake, 40), { dryRun: true });
    expect(big.fake.requests.map((r) => r.method)).toEqual(['HEAD', ...Array(40).fill('GET')]);
    expect(big.fake.requests.slice(1).every((r) => !r.url.includes('?'))).toBe(true);
    const small = setup(300);
    await small.waldur.projectCredits.applyChanges(lowered(small.fake, 20), { dryRun: true });
    expect(small.fake.requests.map((r) => r.method)).toEqual(['HEAD', 'GET']);
    expect(small.fake.requests[1]!.url).toContain('/api/project-credits/?');
  });

  it('the rule: GETs up to 10 at once, else up to 4 per page the walk would fetch', () => {
    expect([
      readsOneByOne(10, null),
      readsOneByOne(11, null),
      readsOneByOne(11, 3000),
      readsOneByOne(40, 3000),
      readsOneByOne(41, 3000),
      readsOneByOne(11, 300),
    ]).toEqual([true, false, true, true, false, false]);
  });

  it('a bad row fails the whole plan before any request, naming the row', async () => {
    const { fake, waldur } = setup();
    const changes: unknown[] = [
      { uuid: fake.credits[0]!.uuid, value: '1' },
      { uuid: fake.credits[1]!.uuid, value: '1.123456' },
    ];
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
      expect(() => waldur.projectCredits.checkChanges(bad as never)).toThrow(expect.objectContaining({ field }));
    }
    expect(fake.requests).toHaveLength(0);
  });

  it('checkChanges answers each credit canonical, sending nothing', () => {
    const { fake, waldur } = setup();
    const [a, b] = fake.credits;
    expect(
      waldur.projectCredits.checkChanges([{ uuid: a!.uuid.toUpperCase() }, { uuid: `${fake.baseUrl}/api/project-credits/${b!.uuid}/`, value: '1' }]),
    ).toEqual([canonical(a!.uuid), canonical(b!.uuid)]);
    expect(fake.requests).toHaveLength(0);
  });

  it('a credit the server does not have is not applied, with WaldurNotFoundError; the others go ahead', async () => {
    const { fake, waldur } = setup();
    const missing = '00000000-0000-4000-8000-000000000001';
    const report = await waldur.projectCredits.applyChanges([{ uuid: missing, value: '1' }, ...lowered(fake, 1)]);
    expect(report.notApplied.map((f) => [f.uuid, f.error?.constructor, f.change])).toEqual([[missing, WaldurNotFoundError, undefined]]);
    expect(report.applied).toHaveLength(1);
  });
});

describe('every server profile: a field its credits do not carry is refused in the plan; the same changes twice send nothing the second time', () => {
  const known: Record<FakeProfile, (c: { use_organisation_credit?: unknown; apply_as_minimal_consumption?: unknown }) => Record<string, unknown>> = {
    legacy: (c) => ({ use_organisation_credit: !c.use_organisation_credit }),
    current: (c) => ({ end_date: '2028-02-29', apply_as_minimal_consumption: !c.apply_as_minimal_consumption, grace_coefficient: '7' }),
    newer: (c) => ({ end_date: '2028-03-01', apply_as_minimal_consumption: !c.apply_as_minimal_consumption, minimal_consumption_logic: 'linear' }),
  };
  const unknown: Record<FakeProfile, Record<string, unknown>> = {
    legacy: { end_date: '2028-01-01' },
    current: { use_organisation_credit: false },
    newer: { use_organisation_credit: false },
  };

  it.each(['legacy', 'current', 'newer'] as const)('%s', async (profile) => {
    const { fake, waldur, patches } = setup(12, undefined, profile);
    const [a, b, c] = fake.credits.map((credit) => ({ ...credit, uuid: canonical(credit.uuid) }));
    const refused = { uuid: c!.uuid, value: '5', ...unknown[profile] };
    const changes: CreditUpdate[] = [{ uuid: a!.uuid, value: '42.5' }, { uuid: b!.uuid, ...known[profile](b!) }, refused];

    const plan = await waldur.projectCredits.applyChanges(changes, { dryRun: true });
    expect(plan.planned.map((p) => p.uuid)).toEqual([a!.uuid, b!.uuid]);
    const field = Object.keys(unknown[profile])[0]!;
    expect(plan.notApplied).toEqual([
      { uuid: c!.uuid, change: expect.objectContaining({ uuid: c!.uuid }), error: expect.any(WaldurInputError), kept: undefined },
    ]);
    expect(plan.notApplied[0]!.error).toMatchObject({ field, message: expect.stringContaining('does not carry this field') });

    const first = await waldur.projectCredits.applyChanges(changes);
    expect(first.applied.map((p) => p.uuid)).toEqual([a!.uuid, b!.uuid]);
    expect(first.notApplied.map((p) => p.uuid)).toEqual([c!.uuid]);
    expect(first.unknown).toEqual([]);
    expect(patches()).toHaveLength(2);
    expect(patches(c!.uuid)).toHaveLength(0);
    expect(fake.credit(a!.uuid)!.value).toBe('42.50000');
    expect(fake.credit(b!.uuid)).toMatchObject(
      Object.fromEntries(Object.entries(known[profile](b!)).map(([k, v]) => [k, k === 'grace_coefficient' ? '7' : v])),
    );

    const second = await waldur.projectCredits.applyChanges(changes);
    expect(second.unchanged).toEqual([a!.uuid, b!.uuid]);
    expect(second.applied).toEqual([]);
    expect(second.notApplied.map((p) => p.uuid)).toEqual([c!.uuid]);
    expect(patches()).toHaveLength(2);
  });
});

describe('faults: applied only when the server shows it, never guessed', () => {
  it('a PATCH answered 200 with the old value is not applied: the report says what the server kept', async () => {
    const { fake, waldur, patches } = setup(12, (request) => {
      if (request.method !== 'PATCH') return undefined;
      // A server that ignores the write and answers the credit as it is.
      return fake.fetch(new Request(request.url, { headers: request.headers }));
    });
    const [change] = lowered(fake, 1);
    const before = fake.credit(change!.uuid)!.value;
    const report = await waldur.projectCredits.applyChanges([change!]);
    expect(report.applied).toEqual([]);
    expect(report.notApplied).toHaveLength(1);
    const [entry] = report.notApplied;
    expect(entry!.error).toBeUndefined();
    expect((entry!.kept!.value as Decimal).toFixed(5)).toBe(before);
    expect(Object.keys(entry!.kept!)).toEqual(['value']);
    expect(patches()).toHaveLength(0); // the fake never saw it: the "server" ignored it
  });

  it('an answer that holds one wanted field and not the other: not applied, kept names only the other', async () => {
    const { fake, waldur } = setup(12, async (request, send) => {
      if (request.method !== 'PATCH') return undefined;
      const answer = (await (await send()).json()) as Record<string, unknown>;
      return Response.json({ ...answer, end_date: '1999-01-01' });
    });
    const [a] = fake.credits;
    const report = await waldur.projectCredits.applyChanges([{ uuid: a!.uuid, value: '3.5', end_date: '2029-12-31' }]);
    expect(report.notApplied[0]!.kept).toEqual({ end_date: '1999-01-01' });
    expect(report.applied).toEqual([]);
  });

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
    expect(report.notApplied).toEqual([]);
    expect(report.unknown).toEqual([]);
    expect(patches(changes[0]!.uuid)).toHaveLength(1);
    expect(fake.credit(changes[0]!.uuid)!.value).toBe(new Decimal(changes[0]!.value as string).toFixed(5));
  });

  it('a PATCH that times out after the server applied it, and a read-back that fails too: unknown, never "failed"; the next run sends nothing', async () => {
    let broken = true;
    const { fake, waldur, patches } = setup(12, (request, send) => {
      if (!broken) return undefined;
      if (request.method === 'PATCH') return send().then((response) => new Promise((resolve) => setTimeout(() => resolve(response), 600)));
      if (request.method === 'GET' && !request.url.includes('?') && fake.requests.some((r) => r.method === 'PATCH')) {
        return Promise.reject(new TypeError('fetch failed', { cause: new Error('connection reset') }));
      }
      return undefined;
    });
    const [change] = lowered(fake, 1);
    const report = await waldur.projectCredits.applyChanges([change!]);
    expect(report.applied).toEqual([]);
    expect(report.notApplied).toEqual([]);
    expect(report.unknown).toHaveLength(1);
    expect(report.unknown[0]!.error).toBeInstanceOf(WaldurTimeoutError);
    expect(report.unknown[0]!.readBackError).toBeInstanceOf(WaldurNetworkError);
    expect(report.unknown[0]!.change.uuid).toBe(change!.uuid);
    // It had taken: the next run reads it and sends nothing.
    broken = false;
    const again = await waldur.projectCredits.applyChanges([change!]);
    expect(again.unchanged).toEqual([change!.uuid]);
    expect(patches()).toHaveLength(1);
  });

  it('writes that never answer and never land: re-sent at most twice after reading back, then unknown', async () => {
    const { fake, waldur } = setup(12, (request) => (request.method === 'PATCH' ? new Promise(() => {}) : undefined));
    const [change] = lowered(fake, 1);
    const report = await waldur.projectCredits.applyChanges([change!]);
    expect(report.unknown).toHaveLength(1);
    expect(report.unknown[0]).toMatchObject({ error: expect.any(WaldurTimeoutError), readBackError: undefined });
    // Three PATCHes sent (none reached the fake), each followed by a read-back.
    expect(fake.requests.map((r) => r.method)).toEqual(['GET', 'GET', 'GET', 'GET']);
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

  it('an answer about another credit says nothing: read back, and applied only because the read-back shows it', async () => {
    const { fake, waldur } = setup(12, async (request, send) => {
      if (request.method !== 'PATCH') return undefined;
      const answer = (await (await send()).json()) as Record<string, unknown>;
      return Response.json({ ...answer, uuid: fake.credits[5]!.uuid });
    });
    const [change] = lowered(fake, 1);
    const report = await waldur.projectCredits.applyChanges([change!]);
    expect(report.applied.map((c) => c.uuid)).toEqual([change!.uuid]);
    expect(fake.requests.filter((r) => r.method === 'GET')).toHaveLength(2); // the plan's read, the read-back
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

  it('a 429 on a PATCH is sent again after its Retry-After and applied; one that outlasts the retries is not applied', async () => {
    let throttled = 1;
    const { fake, waldur, patches } = setup(12, (request) => {
      if (request.method !== 'PATCH' || throttled-- <= 0) return undefined;
      return Promise.resolve(Response.json({ detail: 'Request was throttled.' }, { status: 429, headers: { 'Retry-After': '0' } }));
    });
    const changes = lowered(fake, 2);
    const report = await waldur.projectCredits.applyChanges(changes, { concurrency: 1 });
    expect(report.applied).toHaveLength(2);
    expect(patches()).toHaveLength(2);
    throttled = 100;
    const refused = await waldur.projectCredits.applyChanges([{ uuid: changes[0]!.uuid, value: '1' }]);
    expect(refused.notApplied[0]!.error).toBeInstanceOf(WaldurRateLimitError);
    expect(refused.unknown).toEqual([]);
  });

  it('a 400 on one row: that row is not applied, with the typed error; the others applied', async () => {
    const { fake, waldur, patches } = setup(12, (request) =>
      request.method === 'PATCH' && names(request.url, fake.credits[1]!.uuid)
        ? Promise.resolve(Response.json(['The sum of project credits cannot exceed the credit for organization.'], { status: 400 }))
        : undefined,
    );
    const changes = lowered(fake, 3);
    const untouched = fake.credits[1]!.value;
    const report = await waldur.projectCredits.applyChanges(changes);
    expect(report.applied.map((c) => c.uuid)).toEqual([changes[0]!.uuid, changes[2]!.uuid]);
    expect(report.notApplied).toHaveLength(1);
    expect(report.notApplied[0]!.uuid).toBe(changes[1]!.uuid);
    expect(report.notApplied[0]!.error).toBeInstanceOf(WaldurBadRequestError);
    expect((report.notApplied[0]!.error as WaldurBadRequestError).fieldErrors.non_field_errors).toEqual([
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

  it('rejects only before its first write: a failed read of the credits rejects, and then nothing was sent', async () => {
    for (const answer of [
      () => Response.json({ detail: 'Invalid token.' }, { status: 401 }),
      () => Response.json({ detail: 'Server Error (500)' }, { status: 500 }),
      () => Promise.reject(new TypeError('fetch failed')),
    ]) {
      const { fake, waldur, patches } = setup(12, (request) =>
        request.method === 'GET' && names(request.url, fake.credits[1]!.uuid) ? Promise.resolve(answer()) : undefined,
      );
      await expect(waldur.projectCredits.applyChanges(lowered(fake, 2))).rejects.toBeInstanceOf(WaldurError);
      expect(patches()).toHaveLength(0);
    }
  });

  it('a credit the server refuses to show (403): that row is not applied; the others go ahead', async () => {
    const { fake, waldur } = setup(12, (request) =>
      request.method === 'GET' && names(request.url, fake.credits[1]!.uuid)
        ? Promise.resolve(Response.json({ detail: 'You do not have permission to perform this action.' }, { status: 403 }))
        : undefined,
    );
    const changes = lowered(fake, 3);
    const report = await waldur.projectCredits.applyChanges(changes);
    expect(report.notApplied.map((n) => [n.uuid, n.error?.name])).toEqual([[changes[1]!.uuid, 'WaldurPermissionDeniedError']]);
    expect(report.applied.map((a) => a.uuid)).toEqual([changes[0]!.uuid, changes[2]!.uuid]);
  });
});
