/** Wire fixtures shaped like a real Waldur server's answers (hex UUIDs, decimals as strings). */
export const BASE_URL = 'https://waldur.test';

export const CREDIT_HEX = '8f2e4b1c9d0a4e6f8a7b6c5d4e3f2a1b';
export const CREDIT_HYPHENATED = '8f2e4b1c-9d0a-4e6f-8a7b-6c5d4e3f2a1b';
export const PROJECT_HEX = '0c1d2e3f40514a6b8c7d9e0f1a2b3c4d';
export const PROJECT_HYPHENATED = '0c1d2e3f-4051-4a6b-8c7d-9e0f1a2b3c4d';
export const CUSTOMER_HEX = 'a9b8c7d6e5f44321b0a9f8e7d6c5b4a3';
export const CUSTOMER_HYPHENATED = 'a9b8c7d6-e5f4-4321-b0a9-f8e7d6c5b4a3';
export const OFFERING_HEX = '11112222333344445555666677778888';

/** Every field a caller may write on some Waldur (8.x's and `use_organisation_credit` of servers before it), as the documents say. */
export const WRITABLE_FIELDS: readonly string[] = [
  'project',
  'value',
  'end_date',
  'expected_consumption',
  'minimal_consumption_logic',
  'grace_coefficient',
  'apply_as_minimal_consumption',
  'mark_unused_credit_as_spent_on_project_termination',
  'use_organisation_credit',
];

/** A credit as GET /api/project-credits/{uuid}/ answers it to an organization owner. */
export function wireCredit(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    uuid: CREDIT_HEX,
    url: `${BASE_URL}/api/project-credits/${CREDIT_HEX}/`,
    value: '1500.00000',
    project: `${BASE_URL}/api/projects/${PROJECT_HEX}/`,
    project_name: 'Genome assembly',
    project_uuid: PROJECT_HEX,
    project_slug: 'genome-assembly',
    customer_name: 'University of Tartu',
    customer_slug: 'ut',
    customer_uuid: CUSTOMER_HEX,
    customer_credit: '25000.00000',
    allocated_customer_credit: 0.06,
    consumption_last_month: '123.45000',
    offerings: [
      {
        uuid: OFFERING_HEX,
        url: `${BASE_URL}/api/marketplace-public-offerings/${OFFERING_HEX}/`,
        type: 'OpenStack.Tenant',
        name: 'HPC cloud',
      },
    ],
    end_date: '2027-06-30',
    expected_consumption: '250.00000',
    minimal_consumption: 12.5,
    minimal_consumption_logic: 'linear',
    grace_coefficient: '10.00000',
    apply_as_minimal_consumption: true,
    mark_unused_credit_as_spent_on_project_termination: false,
    ...overrides,
  };
}
