import type { Principal } from '@mate/service-kit';
import { applyPatch, fieldsForPrincipal, type PatchServices } from './work-order-fields';
import { WorkOrder } from './work-order.entity';

function workOrder(overrides: Partial<WorkOrder> = {}): WorkOrder {
  return Object.assign(new WorkOrder(), {
    title: 'Pump leaks',
    description: '',
    type: 'corrective',
    priority: 'low',
    priorityRank: 1,
    assetId: null,
    locationId: null,
    assigneeIds: ['tech-1'],
    teamId: null,
    dueAt: new Date('2026-12-01T08:00:00.000Z'),
    failureProblem: 'LEAK',
    failureCause: null,
    failureRemedy: null,
    downtimeStartedAt: null,
    downtimeEndedAt: null,
    downtimePlanned: false,
    customFields: { shift: 'day' },
    ...overrides,
  });
}

const technician: Principal = { subject: 'tech-1', tenantId: 't', roles: ['technician'] };

const services: PatchServices = {
  resolvePlace: (target) => Promise.resolve({ assetId: target.assetId, locationId: target.locationId ?? 'asset-place' }),
  mergeCustomFields: (submitted, stored) =>
    Promise.resolve(
      Object.fromEntries(Object.entries({ ...stored, ...submitted }).filter((entry): entry is [string, string] => entry[1] !== null)),
    ),
};

describe('the PATCH table', () => {
  it('refuses only the fields a technician would change, not those sent with their stored value', () => {
    const stored = workOrder();
    const { permitted, refused } = fieldsForPrincipal(
      stored,
      { title: 'Pump leaks', dueAt: '2026-12-01T08:00:00Z', priority: 'high', description: 'seal', customFields: { shift: 'day' } },
      technician,
    );
    expect(refused).toEqual(['priority']);
    expect(permitted).toEqual({ description: 'seal' });
  });

  it('records changes in the order of the table, by API field name, custom fields per key', async () => {
    const stored = workOrder();
    const changes = await applyPatch(stored, { customFields: { shift: null, crew: 'b' }, priority: 'high', title: 'Pump leaks' }, services);
    expect(Object.keys(changes)).toEqual(['priority', 'customFields.shift', 'customFields.crew']);
    expect(changes['priority']).toEqual({ from: 'low', to: 'high' });
    expect(stored.priorityRank).toBe(3);
    expect(stored.customFields).toEqual({ crew: 'b' });
  });

  it('moves the work to a new asset with its location unless one is sent', async () => {
    const stored = workOrder();
    const changes = await applyPatch(stored, { assetId: 'asset-2' }, services);
    expect(changes).toEqual({ assetId: { from: null, to: 'asset-2' }, locationId: { from: null, to: 'asset-place' } });
  });

  it('keeps failure codes to reactive work, also when only the type changes', async () => {
    await expect(applyPatch(workOrder(), { type: 'preventive' }, services)).rejects.toMatchObject({ problem: expect.objectContaining({ status: 400 }) });
    const cleared = workOrder();
    const changes = await applyPatch(cleared, { type: 'preventive', failureCodes: null }, services);
    expect(Object.keys(changes)).toEqual(['type', 'failureCodes']);
    expect(cleared.failureProblem).toBeNull();
  });
});
