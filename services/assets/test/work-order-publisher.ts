import { create, toBinary, type DescMessage, type MessageInitShape } from '@bufbuild/protobuf';
import { createKafka, newEventId, toKafkaHeaders } from '@mate/messaging';
import { testKafkaBrokers, uniqueName } from '@mate/testing';
import type { Producer } from 'kafkajs';

/** Publishes work-order events as the work-orders service would (CloudEvents binary mode). */
export class WorkOrderPublisher {
  private constructor(
    private readonly producer: Producer,
    private readonly topic: string,
  ) {}

  static async connect(topic: string): Promise<WorkOrderPublisher> {
    const producer = createKafka({ brokers: testKafkaBrokers(), clientId: uniqueName('wo-test-producer') }).producer();
    await producer.connect();
    return new WorkOrderPublisher(producer, topic);
  }

  /** Sends the event; `eventId` lets a test redeliver the very same event. Returns the id. */
  async publish<Desc extends DescMessage>(
    schema: Desc,
    tenantId: string,
    subject: string,
    init: MessageInitShape<Desc>,
    eventId: string = newEventId(),
  ): Promise<string> {
    return this.publishBytes(schema.typeName, tenantId, subject, toBinary(schema, create(schema, init)), eventId);
  }

  /** Sends `value` as the payload of an event of type `type`, whether it decodes or not. Returns the id. */
  async publishBytes(type: string, tenantId: string, subject: string, value: Uint8Array, eventId: string = newEventId()): Promise<string> {
    await this.producer.send({
      topic: this.topic,
      messages: [
        {
          key: subject,
          value: Buffer.from(value),
          headers: toKafkaHeaders({
            id: eventId,
            source: '/mate/work-orders',
            type,
            time: new Date().toISOString(),
            subject,
            tenantId,
          }),
        },
      ],
    });
    return eventId;
  }

  close(): Promise<void> {
    return this.producer.disconnect();
  }
}
