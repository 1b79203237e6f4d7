import { randomUUID } from 'node:crypto';
import { create } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { WorkOrderCompletedSchema } from '@mate/contracts';
import { PermanentEventError, type EventContext } from '@mate/messaging';
import type { ApplyWorkOrderDowntime } from '../assets';
import type { IssueWorkOrderParts, ReservationsService } from '../inventory';
import type { MetersService } from '../meters';
import { WorkOrderEventsHandler } from './work-order-events.handler';

describe('WorkOrderEventsHandler: the downtime of a completion', () => {
  const issued: string[] = [];
  const applied: string[] = [];
  const handler = new WorkOrderEventsHandler(
    {} as ReservationsService,
    { execute: async (_m, _t, workOrder) => (issued.push(workOrder.id), { issued: 0, short: 0, skipped: 0 }) } as Pick<IssueWorkOrderParts, 'execute'> as IssueWorkOrderParts,
    {} as MetersService,
    { execute: async (_m, _t, downtime) => (applied.push(downtime.workOrderId), 'recorded') } as Pick<ApplyWorkOrderDowntime, 'execute'> as ApplyWorkOrderDowntime,
  );
  const ctx = { manager: {}, tenantId: randomUUID(), envelope: { id: randomUUID(), type: WorkOrderCompletedSchema.typeName } } as unknown as EventContext;
  const at = (iso: string) => timestampFromDate(new Date(iso));

  it('issues the parts, then applies the downtime', async () => {
    const workOrderId = randomUUID();
    const downtime = { startedAt: at('2026-01-01T08:00:00Z'), endedAt: at('2026-01-01T09:00:00Z'), planned: false };
    await handler.onCompleted(create(WorkOrderCompletedSchema, { workOrderId, assetId: randomUUID(), downtime }), ctx);
    expect(issued).toContain(workOrderId);
    expect(applied).toContain(workOrderId);
  });

  it('refuses an impossible downtime as a permanent failure before anything is issued', async () => {
    const workOrderId = randomUUID();
    const downtime = { startedAt: at('2026-01-01T09:00:00Z'), endedAt: at('2026-01-01T08:00:00Z'), planned: false };
    await expect(handler.onCompleted(create(WorkOrderCompletedSchema, { workOrderId, assetId: randomUUID(), downtime }), ctx)).rejects.toThrow(PermanentEventError);
    expect(issued).not.toContain(workOrderId);
    expect(applied).not.toContain(workOrderId);
  });
});
