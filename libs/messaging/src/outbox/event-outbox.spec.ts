import { create } from '@bufbuild/protobuf';
import { BackboneProbeSchema, PmOccurrenceDueSchema, topicSpecFor, WorkOrderCreatedSchema } from '@mate/contracts';
import { EventOutbox } from './event-outbox';

describe('EventOutbox topics', () => {
  const outbox = new EventOutbox({
    serviceName: 'probe',
    produces: [{ ...topicSpecFor('platform'), topic: 'test.platform.1' }, topicSpecFor('pm-scheduling')],
  });
  const event = { subject: 'aggregate-1', tenantId: '0193a5c0-0000-7000-8000-000000000001' };

  it('sends each event to the produced topic whose spec lists its schema', () => {
    const { rows } = outbox.encode([
      { ...event, schema: BackboneProbeSchema, message: create(BackboneProbeSchema) },
      { ...event, schema: PmOccurrenceDueSchema, message: create(PmOccurrenceDueSchema) },
    ]);
    expect(rows.map((row) => [row.eventType, row.topic])).toEqual([
      ['mate.platform.v1.BackboneProbe', 'test.platform.1'],
      ['mate.pmscheduling.v1.PmOccurrenceDue', 'mate.pm-scheduling.v1'],
    ]);
  });

  it('refuses an event of a type the service does not publish', () => {
    expect(() => outbox.encode([{ ...event, schema: WorkOrderCreatedSchema, message: create(WorkOrderCreatedSchema) }])).toThrow(
      'mate.workorders.v1.WorkOrderCreated is not an event of a topic this service produces (test.platform.1, mate.pm-scheduling.v1)',
    );
  });
});
