/**
 * The fake's data: the default organizations and projects, realistic generated credits
 * (deterministic for a seed), and a new credit with the model's defaults.
 */
import type { Exact } from './exact.js';
import { decimalText, toPlain } from './exact.js';
import { randomUuid } from './random.js';
import type { FakeCredit, FakeOffering, FakeOrganization, FakeProject } from './types.js';

/** The organizations of a fake given none: four with a customer credit, one without. */
export const DEFAULT_ORGANIZATIONS: Partial<FakeOrganization>[] = [
  {
    name: 'University of Tartu',
    slug: 'ut',
    uuid: 'a9b8c7d6e5f44321b0a9f8e7d6c5b4a3',
    offerings: [offering('11112222333344445555666677778888', 'HPC cloud')],
  },
  {
    name: 'Tallinn University of Technology',
    slug: 'taltech',
    uuid: '3c4d5e6f7a8b4c9d8e0f1a2b3c4d5e6f',
    offerings: [offering('22223333444455556666777788889999', 'HPC cloud')],
  },
  {
    name: 'Estonian Biocentre',
    slug: 'biocentre',
    uuid: '5e6f7a8b9c0d4e1f9a2b3c4d5e6f7a8b',
    offerings: [offering('33334444555566667777888899990000', 'HPC cloud')],
  },
  { name: 'Weather Service', slug: 'weather', uuid: '7a8b9c0d1e2f4a3b8c4d5e6f7a8b9c0d', offerings: [] },
  { name: 'Open Science Lab', slug: 'osl', uuid: '9c0d1e2f3a4b4c5d9e6f7a8b9c0d1e2f', credit: null, offerings: [] },
];
/** The projects without a credit of a fake given no organizations: one in each. */
export const DEFAULT_PROJECTS: Partial<FakeProject>[] = [
  { name: 'Pilot study', slug: 'pilot-study', uuid: 'b1a2c3d4e5f64789a0b1c2d3e4f5a6b7', customer_uuid: 'a9b8c7d6e5f44321b0a9f8e7d6c5b4a3' },
  { name: 'Summer school', slug: 'summer-school', uuid: 'c2b3d4e5f6a74890b1c2d3e4f5a6b7c8', customer_uuid: '3c4d5e6f7a8b4c9d8e0f1a2b3c4d5e6f' },
  { name: 'Sequencing pilot', slug: 'sequencing-pilot', uuid: 'd3c4e5f6a7b84901c2d3e4f5a6b7c8d9', customer_uuid: '5e6f7a8b9c0d4e1f9a2b3c4d5e6f7a8b' },
  { name: 'Nowcasting trial', slug: 'nowcasting-trial', uuid: 'e4d5f6a7b8c94a12d3e4f5a6b7c8d9e0', customer_uuid: '7a8b9c0d1e2f4a3b8c4d5e6f7a8b9c0d' },
  { name: 'Citizen science', slug: 'citizen-science', uuid: 'f5e6a7b8c9d04b23e4f5a6b7c8d9e0f1', customer_uuid: '9c0d1e2f3a4b4c5d9e6f7a8b9c0d1e2f' },
];
const TOPICS = ['Genome assembly', 'Climate model', 'Protein folding', 'Language corpus', 'Traffic simulation', 'Particle physics'];

/** An offering of a default organization; its URL is filled in with the fake's base URL. */
function offering(uuid: string, name: string): FakeOffering {
  return { uuid, url: '', type: 'OpenStack.Tenant', name };
}

/** An organization credit with room above an allocation: 1.5 times it, up to two significant digits, at least 1 000 000. */
export function headroom(allocated: Exact): string {
  const whole = Math.ceil(Number(toPlain(allocated)) * 1.5);
  const step = 10 ** Math.max(0, String(whole).length - 2);
  return `${Math.max(1_000_000, Math.ceil(whole / step) * step)}.00000`;
}

/** A name as a slug (`Open Science Lab` → `open-science-lab`). */
export function slugify(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** A new credit for `project` (of `org`) with the model's defaults. */
export function blankCredit(project: FakeProject, org: FakeOrganization | undefined, random: () => number, baseUrl: string): FakeCredit {
  const uuid = randomUuid(random);
  return {
    uuid,
    url: `${baseUrl}/api/project-credits/${uuid}/`,
    value: '0.00000',
    project: `${baseUrl}/api/projects/${project.uuid}/`,
    project_name: project.name,
    project_uuid: project.uuid,
    project_slug: project.slug,
    customer_name: org?.name ?? '',
    customer_slug: org?.slug ?? '',
    customer_uuid: project.customer_uuid,
    consumption_last_month: null,
    end_date: null,
    expected_consumption: '0.00000',
    minimal_consumption_logic: 'fixed',
    grace_coefficient: '0',
    apply_as_minimal_consumption: true,
    mark_unused_credit_as_spent_on_project_termination: false,
    use_organisation_credit: true,
    creditable_cost_this_month: null,
  };
}

/** The `i`-th realistic credit, of `home`: deterministic for the state of `r`. */
export function generatedCredit(i: number, home: FakeOrganization, r: () => number, baseUrl: string): FakeCredit {
  const uuid = randomUuid(r);
  const project = randomUuid(r);
  const value = (Math.floor(r() * 5_000_000) + 10_000) / 100;
  const logic = r() < 0.5 ? 'fixed' : 'linear';
  const consumed = r() < 0.35 ? Math.round(r() * value * 10) / 100 : null;
  return {
    uuid,
    url: `${baseUrl}/api/project-credits/${uuid}/`,
    value: decimalText(value.toFixed(2), 5),
    project: `${baseUrl}/api/projects/${project}/`,
    project_name: `${TOPICS[i % TOPICS.length]} ${Math.floor(i / TOPICS.length) + 1}`,
    project_uuid: project,
    project_slug: `project-${i + 1}`,
    customer_name: home.name,
    customer_slug: home.slug,
    customer_uuid: home.uuid,
    consumption_last_month: consumed,
    end_date: logic === 'linear' || r() < 0.5 ? `2027-${String(1 + Math.floor(r() * 12)).padStart(2, '0')}-01` : null,
    expected_consumption: decimalText((value / 12).toFixed(2), 5),
    minimal_consumption_logic: logic,
    grace_coefficient: String(Math.floor(r() * 4) * 5),
    apply_as_minimal_consumption: r() < 0.7,
    mark_unused_credit_as_spent_on_project_termination: r() < 0.5,
    use_organisation_credit: true,
    creditable_cost_this_month: r() < 0.5 ? decimalText((Math.round(r() * value * 5) / 100).toFixed(2), 5) : null,
  };
}
