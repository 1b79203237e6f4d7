import { Kafka, logLevel, type KafkaMessage } from 'kafkajs';
import { testKafkaBrokers, uniqueName } from './infrastructure';

export interface TopicMessage {
  partition: number;
  message: KafkaMessage;
}

export interface ReadTopicOptions {
  /** Stop once no message came for this long (default 3 s). */
  idleMs?: number;
  /** How long to wait for the first message of a topic that may still be filling (default `idleMs`). */
  firstMessageMs?: number;
}

/**
 * Every message of a topic, read from the start by a throwaway consumer group until the topic goes
 * quiet: what a test uses to look at what was published (or dead-lettered) without a consumer of
 * the platform's in between.
 */
export async function readTopic(topic: string, options: ReadTopicOptions = {}): Promise<TopicMessage[]> {
  const idleMs = options.idleMs ?? 3_000;
  const firstMessageMs = options.firstMessageMs ?? idleMs;
  const kafka = new Kafka({ brokers: testKafkaBrokers(), logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: uniqueName('mate.test-reader') });
  const found: TopicMessage[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    const started = Date.now();
    let last = started;
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        last = Date.now();
        found.push({ partition, message });
      },
    });
    const quiet = () => (found.length === 0 ? Date.now() - started >= firstMessageMs : Date.now() - last >= idleMs);
    while (!quiet()) await new Promise((resolve) => setTimeout(resolve, 200));
  } finally {
    await consumer.disconnect();
  }
  return found;
}
