import { booleanCell, numberCell, ProblemException } from '@mate/service-kit';
import type { PmPlanDto, SeasonDto } from './dtos/pm-plan.dtos';

/**
 * The CSV layout of PM plans (docs/services/pm-scheduling.md, "CSV export and import"): one row
 * per plan, one column per field of the REST body, named by its path in the body
 * (`template.priority`, `target.assetIds`), so that an error of a row names its column. Lists are
 * `;`-separated, seasons `MM-DD..MM-DD`, the triggers and the checklist JSON as in the body.
 */
export const PM_PLAN_IMPORT_COLUMNS = [
  'title',
  'template.description',
  'template.priority',
  'template.estimatedDurationMinutes',
  'template.assigneeIds',
  'template.teamId',
  'template.checklist',
  'template.createFollowUpOnFailedInspection',
  'target.assetIds',
  'target.category',
  'target.locationId',
  'zone',
  'startsAt',
  'endsAt',
  'triggers',
  'combine',
  'anchor',
  'leadTime',
  'dueOffset',
  'overlap',
  'missed',
  'seasons',
  'skipEvery',
  'calendarId',
  'active',
] as const;

/** Set by the service: written by the export, read past by the import (a new plan gets its own). */
export const PM_PLAN_READ_ONLY_COLUMNS = ['id', 'version', 'createdBy', 'createdAt', 'updatedAt'] as const;

export const PM_PLAN_EXPORT_COLUMNS = ['id', ...PM_PLAN_IMPORT_COLUMNS, ...PM_PLAN_READ_ONLY_COLUMNS.slice(1)] as const;

type ExportColumn = (typeof PM_PLAN_EXPORT_COLUMNS)[number];

const LIST_SEPARATOR = ';';
const SEASON_SEPARATOR = '..';

const list = (values: readonly string[] | undefined) => (values && values.length > 0 ? values.join(LIST_SEPARATOR) : undefined);
const json = (values: readonly unknown[] | undefined) => (values && values.length > 0 ? JSON.stringify(values) : undefined);

/** The cells of a plan, in PM_PLAN_EXPORT_COLUMNS order (undefined: an empty cell). */
export function pmPlanCsvRow(plan: PmPlanDto): unknown[] {
  const { template, target } = plan;
  const cells: Record<ExportColumn, unknown> = {
    id: plan.id,
    title: plan.title,
    'template.description': template.description || undefined,
    'template.priority': template.priority,
    'template.estimatedDurationMinutes': template.estimatedDurationMinutes,
    'template.assigneeIds': list(template.assigneeIds),
    'template.teamId': template.teamId,
    'template.checklist': json(template.checklist),
    'template.createFollowUpOnFailedInspection': template.createFollowUpOnFailedInspection,
    'target.assetIds': list(target.assetIds),
    'target.category': target.category,
    'target.locationId': target.locationId,
    zone: plan.zone,
    startsAt: plan.startsAt,
    endsAt: plan.endsAt,
    triggers: JSON.stringify(plan.triggers),
    combine: plan.combine,
    anchor: plan.anchor,
    leadTime: plan.leadTime,
    dueOffset: plan.dueOffset,
    overlap: plan.overlap,
    missed: plan.missed,
    seasons: list(plan.seasons?.map((season) => `${season.from}${SEASON_SEPARATOR}${season.to}`)),
    skipEvery: plan.skipEvery,
    calendarId: plan.calendarId,
    active: plan.active,
    version: plan.version,
    createdBy: plan.createdBy,
    createdAt: plan.createdAt,
    updatedAt: plan.updatedAt,
  };
  return PM_PLAN_EXPORT_COLUMNS.map((column) => cells[column]);
}

/**
 * The create body a row describes (its non-empty cells by column), for the same DTO validation and
 * rules as `POST /pm-plans`. Cells keep their text where they are not what the column holds, so
 * the validation names them; a JSON cell that is not JSON is refused here, naming its column.
 */
export function pmPlanBodyOfCsv(cells: Readonly<Record<string, string>>): Record<string, unknown> {
  const listOf = (column: string) => (cells[column] === undefined ? undefined : splitList(cells[column]));
  const number = (column: string) => (cells[column] === undefined ? undefined : numberCell(cells[column]));
  const boolean = (column: string) => (cells[column] === undefined ? undefined : booleanCell(cells[column]));
  return {
    title: cells.title,
    template: {
      description: cells['template.description'],
      priority: cells['template.priority'],
      estimatedDurationMinutes: number('template.estimatedDurationMinutes'),
      assigneeIds: listOf('template.assigneeIds'),
      teamId: cells['template.teamId'],
      checklist: jsonCell(cells, 'template.checklist'),
      createFollowUpOnFailedInspection: boolean('template.createFollowUpOnFailedInspection'),
    },
    target: { assetIds: listOf('target.assetIds'), category: cells['target.category'], locationId: cells['target.locationId'] },
    zone: cells.zone,
    startsAt: cells.startsAt,
    endsAt: cells.endsAt,
    triggers: jsonCell(cells, 'triggers'),
    combine: cells.combine,
    anchor: cells.anchor,
    leadTime: cells.leadTime,
    dueOffset: cells.dueOffset,
    overlap: cells.overlap,
    missed: cells.missed,
    seasons: listOf('seasons')?.map(seasonOf),
    skipEvery: number('skipEvery'),
    calendarId: cells.calendarId,
    active: boolean('active'),
  };
}

function splitList(cell: string): string[] {
  return cell
    .split(LIST_SEPARATOR)
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** `04-01..09-30` as `{ from, to }`; without the separator the whole text is `from`, for the validation to name. */
function seasonOf(text: string): Partial<SeasonDto> {
  const at = text.indexOf(SEASON_SEPARATOR);
  return at < 0 ? { from: text } : { from: text.slice(0, at).trim(), to: text.slice(at + SEASON_SEPARATOR.length).trim() };
}

function jsonCell(cells: Readonly<Record<string, string>>, column: string): unknown {
  const cell = cells[column];
  if (cell === undefined) return undefined;
  try {
    return JSON.parse(cell) as unknown;
  } catch {
    throw ProblemException.validation([{ field: column, message: 'is not valid JSON (a JSON array as in the REST body)' }]);
  }
}
