/**
 * A credit read from the server goes back to `update` and `patch` as it is (issue 13, item 2):
 * read-only fields and `extraFields` are ignored by the SDK, so the types must let them through;
 * an enum value a newer server sent may be sent back.
 */
import { createWaldurClient, type ProjectCredit } from 'waldur-project-credits';

const waldur = createWaldurClient({ baseUrl: 'https://waldur.example.com', token: 'key' });
const id = '8f2e4b1c9d0a4e6f8a7b6c5d4e3f2a1b';

const c = await waldur.projectCredits.get(id);
await waldur.projectCredits.update(c.uuid, c);
await waldur.projectCredits.patch(c.uuid, c);

// Changed, then written back.
await waldur.projectCredits.update(c.uuid, { ...c, value: c.value.plus('10.5'), end_date: null });
await waldur.projectCredits.patch(c.uuid, { ...c, expected_consumption: '250' });
// Edited in place, then written back (a read credit is a plain object, its fields assignable, as today).
c.value = c.value.times(2);
c.end_date = '2027-12-31';
await waldur.projectCredits.update(c.uuid, c);

// The open enum: whatever `minimal_consumption_logic` the server sent may be sent back.
const logic: ProjectCredit['minimal_consumption_logic'] = c.minimal_consumption_logic;
await waldur.projectCredits.patch(c.uuid, { minimal_consumption_logic: logic });
const fromNewerServer: ProjectCredit = { ...c, minimal_consumption_logic: 'progressive' };
await waldur.projectCredits.update(fromNewerServer.uuid, fromNewerServer);
await waldur.projectCredits.patch(fromNewerServer.uuid, fromNewerServer);

// From a page, a walk and listAll; and through a function an app writes once.
for (const item of (await waldur.projectCredits.list({ page_size: 50 })).items) await waldur.projectCredits.update(item.uuid, item);
for await (const item of waldur.projectCredits.list()) await waldur.projectCredits.patch(item.uuid, item);
const all: ProjectCredit[] = await waldur.projectCredits.listAll();
await Promise.all(all.map((item) => waldur.projectCredits.update(item.uuid, item)));

async function save(credit: ProjectCredit): Promise<ProjectCredit> {
  return waldur.projectCredits.update(credit.uuid, credit);
}
async function touch(credit: Readonly<ProjectCredit>): Promise<ProjectCredit> {
  return waldur.projectCredits.patch(credit.uuid, credit);
}
export const saved: ProjectCredit[] = [await save(c), await touch(c)];
