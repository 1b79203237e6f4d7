import type { EntityManager } from 'typeorm';
import type { RecordAlertOccurrence, RecordAlertOccurrenceCommand, RecoveryCommand, ResolveOnRecovery } from '../../alerts';
import { AlertAssignees, type AssignmentChange } from './alert-assignees';

describe('AlertAssignees', () => {
  const manager = {} as EntityManager;
  const source = { tenantId: 't1', eventId: 'e1', sentAt: new Date('2026-12-04T08:00:00Z') };
  const change = (assigneeIds: string[], previousAssigneeIds: string[]): AssignmentChange => ({
    workOrderId: 'w1',
    number: 'WO-1',
    assigneeIds,
    previousAssigneeIds,
    assignedBy: 'planner-1',
    dueAt: null,
  });

  const run = async (assignment: AssignmentChange) => {
    const recorded: RecordAlertOccurrenceCommand[] = [];
    const resolved: RecoveryCommand[] = [];
    const record = { execute: async (_m: EntityManager, command: RecordAlertOccurrenceCommand) => recorded.push(command) } as unknown as RecordAlertOccurrence;
    const resolve = { execute: async (_m: EntityManager, command: RecoveryCommand) => resolved.push(command) } as unknown as ResolveOnRecovery;
    await new AlertAssignees(record, resolve).execute(manager, source, assignment);
    return { recorded, resolved };
  };

  it('alerts only the technicians assigned now and not before, each personally', async () => {
    const { recorded, resolved } = await run(change(['a', 'b', 'c'], ['a']));
    expect(recorded.map((command) => [command.type, command.recipient?.userId, command.subject])).toEqual([
      ['work_order.assigned', 'b', { kind: 'work_order', id: 'w1' }],
      ['work_order.assigned', 'c', { kind: 'work_order', id: 'w1' }],
    ]);
    expect(resolved).toEqual([]);
  });

  it('resolves the alert of each technician taken off, theirs only', async () => {
    const { recorded, resolved } = await run(change(['a'], ['a', 'b']));
    expect(recorded).toEqual([]);
    expect(resolved.map((command) => [command.type, command.scope])).toEqual([['work_order.unassigned', 'user:b']]);
  });

  it('the same assignment again tells nobody', async () => {
    expect(await run(change(['a', 'b'], ['b', 'a']))).toEqual({ recorded: [], resolved: [] });
  });
});
