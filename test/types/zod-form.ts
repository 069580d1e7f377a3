/**
 * `waldur-project-credits/zod` as a form uses it (issue 22, item 4): a schema parses the SDK's own
 * input types, so what it returns goes to `create`, `update` and `patch` as it is, and its issues
 * are zod's.
 */
import { createWaldurClient, Decimal, type ProjectCreditInput, type ProjectCreditPatch } from 'waldur-project-credits';
import {
  projectCreditInputSchema,
  projectCreditPatchSchema,
  projectCreditSchemas,
  type ProjectCreditSchema,
  type ProjectCreditSchemas,
} from 'waldur-project-credits/zod';
import type * as z from 'zod/mini';

const waldur = createWaldurClient({ baseUrl: 'https://waldur.example.com', token: 'key' });
const id = '8f2e4b1c9d0a4e6f8a7b6c5d4e3f2a1b';

// A form's values: strings, and a checkbox's boolean.
const form = { project: id, value: '100.5', end_date: '2027-12-31', apply_as_minimal_consumption: true };
const checked = projectCreditInputSchema.safeParse(form);
if (checked.success) {
  const input: ProjectCreditInput = checked.data;
  await waldur.projectCredits.create(input);
  await waldur.projectCredits.update(id, checked.data);
} else {
  const messages: string[] = checked.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  void messages;
}

// A patch, with a Decimal and an explicit undefined (exactOptionalPropertyTypes).
const patch: ProjectCreditPatch = projectCreditPatchSchema.parse({ value: new Decimal('1.5'), end_date: undefined });
await waldur.projectCredits.patch(id, patch);

// zod's own type helpers see the SDK's types.
const output: ProjectCreditInput = {} as z.output<typeof projectCreditInputSchema>;
const inputType: ProjectCreditPatch = {} as z.input<typeof projectCreditPatchSchema>;
void output;
void inputType;

// A newer server's minimal_consumption_logic, read from the credit being edited.
const credit = await waldur.projectCredits.get(id);
const schemas: ProjectCreditSchemas = projectCreditSchemas({ minimalConsumptionLogics: [credit.minimal_consumption_logic ?? 'fixed'] });
const forPatch: ProjectCreditSchema<ProjectCreditPatch> = schemas.patch;
await waldur.projectCredits.patch(id, forPatch.parse({ minimal_consumption_logic: credit.minimal_consumption_logic }));
