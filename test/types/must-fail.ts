/**
 * Mistakes the types must catch. Each line below a `// @ts-expect-error` has to fail to compile:
 * if it compiled, the directive itself would be the error ("Unused '@ts-expect-error' directive").
 * The `[TS…]` list names the error codes that are the right reason; test/package/types.test.ts compiles
 * this file again without the directives and checks that each such line fails, with those codes
 * only (so no line passes for a wrong reason, such as a name that does not resolve), and that no
 * other line fails.
 */
import { createWaldurClient } from 'waldur-project-credits';

const baseUrl = 'https://waldur.example.com';
const token = 'key';
const waldur = createWaldurClient({ baseUrl, token });
const c = await waldur.projectCredits.get('8f2e4b1c9d0a4e6f8a7b6c5d4e3f2a1b');
const customerUuid = '3c4d5e6f7a8b4c9d8e0f1a2b3c4d5e6f';

// @ts-expect-error [TS2339 TS2551] a misspelled field: a credit has `value`, no `vaule`
console.log(c.vaule);

// @ts-expect-error [TS2322] `value` is a Decimal: a plain number is not one (write new Decimal(5))
c.value = 5;

// @ts-expect-error [TS2345 TS2741] create needs `project`: a credit belongs to exactly one project
await waldur.projectCredits.create({ value: '1' });

// @ts-expect-error [TS2322] 'colour' is not an ordering of credits
await waldur.projectCredits.list({ o: 'colour' });

// @ts-expect-error [TS2353 TS2561] a misspelled filter: the filter is `customer_uuid`
await waldur.projectCredits.list({ customer_uid: customerUuid });

// @ts-expect-error [TS2353 TS2561] not an option of createWaldurClient: the option is `timeoutMs`
createWaldurClient({ baseUrl, token, timeout: 5 });
