import { createKafka, headerText } from '@mate/messaging';
import { testKafkaBrokers, uniqueName } from '@mate/testing';
import type { IHeaders } from 'kafkajs';

export interface CapturedMessage {
  key: string;
  value: Buffer;
  headers: Record<string, string>;
  partition: number;
}

export interface TopicCapture {
  messages: CapturedMessage[];
  /** Messages whose `ce_tenantid` is the tenant. */
  ofTenant(tenantId: string): CapturedMessage[];
  stop(): Promise<void>;
}

function decodeHeaders(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of Object.keys(headers ?? {})) {
    const value = headerText(headers, name);
    if (value !== undefined) out[name] = value;
  }
  return out;
}

/**
 * Reads a topic from its current end (each partition's high watermark taken before returning),
 * with a consumer group of its own, so only messages produced after the call are captured.
 */
export async function captureTopic(topic: string): Promise<TopicCapture> {
  const kafka = createKafka({ brokers: testKafkaBrokers(), clientId: uniqueName('assets-test-capture') });
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  const consumer = kafka.consumer({ groupId: uniqueName('assets-test-capture') });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: false });
  const messages: CapturedMessage[] = [];
  const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
  await consumer.run({
    eachMessage: async ({ message, partition }) => {
      messages.push({
        key: message.key?.toString('utf8') ?? '',
        value: message.value ?? Buffer.alloc(0),
        headers: decodeHeaders(message.headers),
        partition,
      });
    },
  });
  for (const { partition, high } of ends) consumer.seek({ topic, partition, offset: high });
  await joined;
  return {
    messages,
    ofTenant: (tenantId) => messages.filter((m) => m.headers.ce_tenantid === tenantId),
    stop: () => consumer.disconnect(),
  };
}
