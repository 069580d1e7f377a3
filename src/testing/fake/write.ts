/**
 * Create, update and partial update (POST, PUT, PATCH) as the server answers them: DRF's parsing of
 * each writable field and its messages, the project as a hyperlink, then the model's own rules
 * (one credit per project, the organization's credit) on every save.
 */
import { acceptField, Answer, FORBIDDEN, hexUuid, pythonType } from './drf.js';
import { compare, exactOf } from './exact.js';
import { WRITABLE } from './profiles.js';
import { renderCredit } from './render.js';
import type { FakeWaldurState } from './state.js';
import type { FakeCredit, FakeProject, FakeUser } from './types.js';

/**
 * The answer to a write of `text`: a new credit (`index` undefined) or the credit at `index`,
 * all its fields (PUT) or those given (`partial`, PATCH).
 */
export function writeCredit(state: FakeWaldurState, text: string, index: number | undefined, partial: boolean, actor: FakeUser): Answer {
  let input: unknown = {};
  // DRF: an empty body is empty data.
  if (text.trim() !== '') {
    try {
      input = JSON.parse(text);
    } catch (error) {
      return new Answer(400, { detail: `JSON parse error - ${error instanceof Error ? error.message : 'invalid JSON'}` });
    }
  }
  if (input === null) return new Answer(400, { non_field_errors: ['No data provided'] });
  if (typeof input !== 'object' || Array.isArray(input)) {
    return new Answer(400, { non_field_errors: [`Invalid data. Expected a dictionary, but got ${pythonType(input)}.`] });
  }
  const body = input as Record<string, unknown>;
  const target = index === undefined ? undefined : state.credits[index];
  const errors: Record<string, string[]> = {};
  const changes: Record<string, unknown> = {};
  let project: FakeProject | undefined;
  for (const [field, kind] of WRITABLE[state.profile]) {
    if (!Object.hasOwn(body, field)) {
      // capture: POST without project, PUT without project.
      if (!partial && field === 'project') errors.project = ['This field is required.'];
      continue;
    }
    const raw = body[field];
    if (raw === null && !(kind.kind === 'date')) {
      errors[field] = ['This field may not be null.'];
      continue;
    }
    if (kind.kind === 'project') {
      const found = findProject(state, raw);
      if (typeof found === 'string') {
        errors.project = [found];
        continue;
      }
      // capture: POST a second credit for the same project (UniqueValidator, before validate_project).
      if (state.credits.some((c) => c.project_uuid === found.uuid && c !== target)) {
        errors.project = ['project credit with this project already exists.'];
        continue;
      }
      // model: validate_project raises PermissionDenied for anyone not staff or owner of the
      // project's organization; it stops validation at once (capture: POST as a user with no roles).
      if (!state.owns(actor, found.customer_uuid)) return new Answer(403, { detail: FORBIDDEN });
      project = found;
      continue;
    }
    const accepted = acceptField(kind, raw);
    if (accepted !== null && typeof accepted === 'object') errors[field] = [accepted.error];
    else changes[field] = accepted;
  }
  if (Object.keys(errors).length > 0) return new Answer(400, errors);

  // A create has a project here: without one it has failed above (This field is required).
  const base = target ?? (project && state.blank(project));
  if (!base) return new Answer(400, { project: ['This field is required.'] });
  const merged: FakeCredit = { ...base, ...changes };
  if (project) {
    Object.assign(merged, {
      project_uuid: project.uuid,
      project_name: project.name,
      project_slug: project.slug,
      project: `${state.baseUrl}/api/projects/${project.uuid}/`,
      customer_uuid: project.customer_uuid,
    });
    const org = state.organization(project.customer_uuid);
    if (org) Object.assign(merged, { customer_name: org.name, customer_slug: org.slug });
  }
  const rule = modelRules(state, merged, target);
  if (rule) return new Answer(400, rule);

  if (target === undefined || index === undefined) {
    state.credits.push(merged);
    state.projects = state.projects.filter((p) => p.uuid !== merged.project_uuid);
    // DRF's CreateModelMixin: 201 with Location, the new credit's URL (capture: POST value 123.45678 (201)).
    return new Answer(201, renderCredit(state, merged, actor), { Location: `${state.baseUrl}/api/project-credits/${merged.uuid}/` });
  }
  // DRF's ModelSerializer.update sets only the fields given, for PUT as for PATCH (capture: PUT project + value).
  state.credits[index] = merged;
  if (project && project.uuid !== target.project_uuid) {
    state.projects = state.projects.filter((p) => p.uuid !== project.uuid);
    state.projects.push({ uuid: target.project_uuid, name: target.project_name, slug: target.project_slug, customer_uuid: target.customer_uuid });
  }
  return new Answer(200, renderCredit(state, merged, actor));
}

/**
 * `ProjectCredit.save()`, raising DRF's ValidationError with a message: a bare list.
 *
 * The sum rule is Waldur's as written, operator precedence included:
 *
 *     total_value = (ProjectCredit.objects.filter(project__customer=…).exclude(pk=self.pk)
 *                    .aggregate(sum=Sum("value"))["sum"] or 0 + self.value)
 *
 * reads `others or (0 + self.value)`: when the organization has other project credits (a sum
 * that is not None and not zero), `total_value` is their sum and this credit's own value is not
 * counted. So the first credit of an organization is checked against the customer credit
 * (capture: "POST the first credit of an organization, over its credit" → 400), while a credit
 * of an organization that has others only fails once the others already exceed it (capture:
 * "PATCH value over the organization's credit" → 200, allocated 101483.66789 of 10000.0). It
 * runs on every save: POST, PUT and PATCH alike.
 */
function modelRules(state: FakeWaldurState, credit: FakeCredit, target: FakeCredit | undefined): unknown {
  const org = state.organization(credit.customer_uuid);
  // capture: POST for a project whose organization has no customer credit.
  if (!org || org.credit === null) return ['Customer credit does not exist.'];
  const others = state.allocated(credit.customer_uuid, target);
  const total = others.units !== 0n ? others : (exactOf(credit.value) ?? others);
  const limit = exactOf(org.credit);
  if (limit && compare(total, limit) > 0) return ['The sum of project credits cannot exceed the credit for organization.'];
  // model: the newer BaseCredit.save refuses an end date that is not the first of a month.
  if (state.profile === 'newer' && typeof credit.end_date === 'string' && !credit.end_date.endsWith('-01')) {
    return { end_date: ['End date must be the first day of the month.'] };
  }
  return undefined;
}

/** A project URL as DRF's HyperlinkedRelatedField reads it: the project, or its message. */
function findProject(state: FakeWaldurState, raw: unknown): FakeProject | string {
  if (typeof raw !== 'string') return `Incorrect type. Expected URL string, received ${pythonType(raw)}.`;
  let path = raw;
  if (/^https?:/i.test(raw)) {
    try {
      path = new URL(raw).pathname;
    } catch {
      return 'Invalid hyperlink - No URL match.';
    }
    const prefix = new URL(state.baseUrl).pathname.replace(/\/$/, '');
    if (prefix && path.startsWith(`${prefix}/`)) path = path.slice(prefix.length);
  }
  try {
    path = decodeURIComponent(path);
  } catch {
    return 'Invalid hyperlink - No URL match.';
  }
  const match = /^\/api\/([^/]+)\/([^/.]+)\/$/.exec(path);
  // capture: POST project as bare hex uuid (not a URL).
  if (!match) return 'Invalid hyperlink - No URL match.';
  if (match[1] !== 'projects') return 'Invalid hyperlink - Incorrect URL match.';
  const uuid = hexUuid(match[2]);
  if (uuid === undefined) return 'Invalid hyperlink - Object does not exist.';
  const known = state.projects.find((p) => p.uuid === uuid);
  if (known) return known;
  const credited = state.credits.find((c) => c.project_uuid === uuid);
  if (credited) return { uuid, name: credited.project_name, slug: credited.project_slug, customer_uuid: credited.customer_uuid };
  if (state.unknownProjects === 'reject') return 'Invalid hyperlink - Object does not exist.';
  const created: FakeProject = {
    uuid,
    name: `Project ${uuid.slice(0, 8)}`,
    slug: `project-${uuid.slice(0, 8)}`,
    customer_uuid: state.homeOrganization().uuid,
  };
  state.projects.push(created);
  return created;
}
