import type { EventOutbox, OutboundEvent } from '@mate/messaging';
import type { EntityManager } from 'typeorm';
import { WorkOrderChanges } from './work-order.changes';
import { WorkOrder } from './work-order.entity';
import type { HistoryRecord, WorkOrderRepository } from './work-order.repository';

function workOrder(): WorkOrder {
  return Object.assign(new WorkOrder(), {
    id: '6f1c3a52-6c35-4a55-9d44-0d8f9b1c2a10',
    tenantId: '0b9f6c1e-3a59-4b55-8a5e-6c2d7f8e9a01',
    number: 'WO-000001',
    title: 'Pump leaks',
    description: '',
    type: 'corrective',
    priority: 'none',
    status: 'in_progress',
    source: 'manual',
    assigneeIds: [],
    teamId: null,
    customFields: {},
    version: 4,
    createdAt: new Date('2026-12-01T08:00:00.000Z'),
    updatedAt: new Date('2026-12-01T08:00:00.000Z'),
    firstResponseAt: null,
  });
}

/** The repository and outbox as the recorder uses them, remembering what it was given. */
function fakes() {
  const saved: number[] = [];
  const history: HistoryRecord[] = [];
  const events: OutboundEvent[] = [];
  const repository = {
    save: (_manager: EntityManager, wo: WorkOrder) => Promise.resolve(void saved.push(wo.version)),
    saveActivity: (_manager: EntityManager, wo: WorkOrder) => Promise.resolve(void saved.push(wo.version)),
    appendHistory: (_manager: EntityManager, entries: readonly HistoryRecord[]) => Promise.resolve(void history.push(...entries)),
  } as unknown as WorkOrderRepository;
  const outbox = { append: (_manager: EntityManager, appended: OutboundEvent[]) => Promise.resolve(void events.push(...appended)) } as unknown as EventOutbox;
  return { changes: new WorkOrderChanges(repository, outbox), saved, history, events };
}

const manager = {} as EntityManager;

describe('WorkOrderChanges', () => {
  it('records an update: next version saved, an `updated` entry by the actor, WorkOrderUpdated naming the fields', async () => {
    const { changes, saved, history, events } = fakes();
    const wo = workOrder();
    const at = new Date('2026-12-02T09:00:00.000Z');
    await changes.updated(manager, [{ workOrder: wo, changes: { title: { from: 'a', to: 'Pump leaks' } } }], 'planner-1', { at });
    expect(saved).toEqual([5]);
    expect(wo.updatedAt).toEqual(at);
    expect(history).toEqual([{ tenantId: wo.tenantId, workOrderId: wo.id, actor: 'planner-1', at, kind: 'updated', changes: { title: { from: 'a', to: 'Pump leaks' } } }]);
    expect(events.map((event) => event.schema.typeName)).toEqual(['mate.workorders.v1.WorkOrderUpdated']);
    expect(events[0].message).toMatchObject({ changedFields: ['title'], updatedBy: 'planner-1', workOrder: { version: 5n } });
  });

  it('records activity on the lists as a new version and the first response only', async () => {
    const { changes, saved, history, events } = fakes();
    const wo = workOrder();
    await changes.activity(manager, wo, { response: true });
    expect(saved).toEqual([5]);
    expect(wo.firstResponseAt).toEqual(wo.updatedAt);
    expect(history).toEqual([]);
    expect(events).toEqual([]);
  });
});
