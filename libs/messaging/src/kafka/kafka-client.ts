import { Logger } from '@nestjs/common';
import { Kafka, logLevel, Partitioners, type LogEntry, type Producer } from 'kafkajs';

/**
 * kafkajs is in maintenance mode (tulios/kafkajs 1603): it stays behind this library's own
 * interface, so replacing it touches this folder only.
 */
export interface KafkaConnectionOptions {
  brokers: string[];
  clientId: string;
}

const logger = new Logger('kafkajs');

/** Routes kafkajs' own log lines into the service's logger (warnings and errors only). */
function kafkaLogCreator() {
  return ({ level, log }: LogEntry) => {
    const { message, ...extra } = log;
    const line = `${message} ${JSON.stringify(extra)}`;
    if (level === logLevel.ERROR) logger.error(line);
    else if (level === logLevel.WARN) logger.warn(line);
  };
}

export function createKafka(options: KafkaConnectionOptions): Kafka {
  return new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    logLevel: logLevel.WARN,
    logCreator: kafkaLogCreator,
    // Keep retrying through a broker restart instead of giving up after ~30 s.
    retry: { initialRetryTime: 300, maxRetryTime: 5_000, retries: 20 },
    connectionTimeout: 3_000,
  });
}

/**
 * Idempotent producer; `maxInFlightRequests: 1` because concurrent sends on an idempotent
 * kafkajs producer fail with OUT_OF_ORDER_SEQUENCE_NUMBER (kafkajs 598). The default
 * partitioner is Java-compatible murmur2, so every producer of a topic agrees on partitions.
 */
export function createIdempotentProducer(kafka: Kafka): Producer {
  return kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
}
