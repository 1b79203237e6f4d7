import { create, toBinary, type DescMessage, type MessageInitShape } from '@bufbuild/protobuf';
import { createKafka, newEventId, toKafkaHeaders } from '@mate/messaging';
import { testKafkaBrokers, uniqueName } from '@mate/testing';
import type { Producer } from 'kafkajs';

/** Publishes the other services' events as their producers do: CloudEvents headers, the aggregate id as key. */
export class SourceEventPublisher {
  private constructor(private readonly producer: Producer) {}

  static async connect(): Promise<SourceEventPublisher> {
    const producer = createKafka({ brokers: testKafkaBrokers(), clientId: uniqueName('notifications-test-producer') }).producer();
    await producer.connect();
    return new SourceEventPublisher(producer);
  }

  /** Sends one event; `eventId` given: a redelivery of an event already sent. Returns the id. */
  async publish<Desc extends DescMessage>(
    topic: string,
    schema: Desc,
    event: { tenantId: string; subject: string; init: MessageInitShape<Desc> },
    eventId: string = newEventId(),
  ): Promise<string> {
    await this.producer.send({
      topic,
      messages: [
        {
          key: event.subject,
          value: Buffer.from(toBinary(schema, create(schema, event.init))),
          headers: toKafkaHeaders({ id: eventId, source: '/mate/test', type: schema.typeName, time: new Date().toISOString(), subject: event.subject, tenantId: event.tenantId }),
        },
      ],
    });
    return eventId;
  }

  close(): Promise<void> {
    return this.producer.disconnect();
  }
}
