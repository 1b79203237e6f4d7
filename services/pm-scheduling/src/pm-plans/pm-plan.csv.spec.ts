import { ProblemException } from '@mate/service-kit';
import type { PmPlanDto } from './dtos/pm-plan.dtos';
import { PM_PLAN_EXPORT_COLUMNS, pmPlanBodyOfCsv, pmPlanCsvRow } from './pm-plan.csv';

const PLAN: PmPlanDto = {
  id: '00000000-0000-4000-8000-000000000001',
  title: 'Pump check',
  template: { description: '', priority: 'high', estimatedDurationMinutes: 30, assigneeIds: ['a', 'b'], checklist: [{ label: 'Seal', kind: 'inspection', required: true }], createFollowUpOnFailedInspection: false },
  target: { assetIds: ['x', 'y'] },
  zone: 'Europe/Berlin',
  startsAt: '2027-01-01T00:00:00.000Z',
  triggers: [{ kind: 'calendar', rule: 'FREQ=WEEKLY;BYDAY=MO' }],
  combine: 'any',
  anchor: 'fixed',
  leadTime: 'P1D',
  dueOffset: 'PT0S',
  overlap: 'skip_if_open',
  missed: 'skip_and_log',
  seasons: [{ from: '04-01', to: '09-30' }, { from: '11-15', to: '02-15' }],
  active: true,
  version: 3,
  createdBy: 'planner-1',
  createdAt: '2026-12-01T00:00:00.000Z',
  updatedAt: '2026-12-02T00:00:00.000Z',
};

/** The cells as the importer hands them over: by column, empty ones left out. */
function cellsOf(row: unknown[]): Record<string, string> {
  return Object.fromEntries(PM_PLAN_EXPORT_COLUMNS.flatMap((column, index) => (row[index] === undefined || row[index] === '' ? [] : [[column, String(row[index])]])));
}

describe('PM plan CSV layout', () => {
  it('writes lists with ;, seasons as MM-DD..MM-DD, triggers and checklist as JSON, and reads them back to the body', () => {
    const cells = cellsOf(pmPlanCsvRow(PLAN));
    expect(cells).toMatchObject({ 'target.assetIds': 'x;y', 'template.assigneeIds': 'a;b', seasons: '04-01..09-30;11-15..02-15', active: 'true' });
    expect(cells['template.description']).toBeUndefined();
    const body = pmPlanBodyOfCsv(cells);
    expect(body).toMatchObject({
      title: 'Pump check',
      template: { priority: 'high', estimatedDurationMinutes: 30, assigneeIds: ['a', 'b'], checklist: PLAN.template.checklist, createFollowUpOnFailedInspection: false },
      target: { assetIds: ['x', 'y'] },
      triggers: PLAN.triggers,
      seasons: PLAN.seasons,
      active: true,
    });
  });

  it('leaves cells that are not what their column holds as text for the validation, and refuses a JSON cell that is not JSON, naming it', () => {
    const body = pmPlanBodyOfCsv({ skipEvery: 'often', active: 'yes', seasons: '04-01' });
    expect(body).toMatchObject({ skipEvery: 'often', active: 'yes', seasons: [{ from: '04-01' }] });
    try {
      pmPlanBodyOfCsv({ triggers: 'FREQ=DAILY' });
      throw new Error('expected a ProblemException');
    } catch (error) {
      expect(error).toBeInstanceOf(ProblemException);
      expect((error as ProblemException).problem.errors).toEqual([expect.objectContaining({ field: 'triggers' })]);
    }
  });
});
