// Waits until a consumer group can join the broker: the readiness that matters to our services.
// Plain JavaScript so it runs before anything is compiled. Exits 1 after KAFKA_WAIT_SECONDS (90).
'use strict';
const { readFileSync } = require('node:fs');
const { Kafka, logLevel } = require('kafkajs');

const brokers = (process.env.KAFKA_BROKERS || '127.0.0.1:9092').split(',');
const deadline = Date.now() + Number(process.env.KAFKA_WAIT_SECONDS || 90) * 1000;
const topic = 'mate.infra.readiness';

function brokerProcessAlive() {
  const pidfile = process.env.KAFKA_PIDFILE;
  if (!pidfile) return true;
  try {
    process.kill(Number(readFileSync(pidfile, 'utf8').trim()), 0);
    return true;
  } catch {
    return false;
  }
}

async function tryOnce() {
  const kafka = new Kafka({ clientId: 'mate-infra-wait', brokers, logLevel: logLevel.NOTHING, retry: { retries: 0 } });
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: [{ topic, numPartitions: 1, replicationFactor: 1 }], waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
  const consumer = kafka.consumer({ groupId: 'mate.infra.readiness', sessionTimeout: 10000, retry: { retries: 0 } });
  const joined = new Promise((resolve) => consumer.on(consumer.events.GROUP_JOIN, resolve));
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic] });
    await consumer.run({ eachMessage: async () => undefined });
    await Promise.race([joined, new Promise((_, reject) => setTimeout(() => reject(new Error('join timeout')), 15000))]);
  } finally {
    await consumer.disconnect();
  }
}

(async () => {
  let lastError;
  while (Date.now() < deadline) {
    if (!brokerProcessAlive()) {
      console.error('[kafka] the broker process exited');
      process.exit(1);
    }
    try {
      await tryOnce();
      process.exit(0);
    } catch (error) {
      lastError = error;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  console.error(`[kafka] not ready in time: ${lastError && lastError.message}`);
  process.exit(1);
})();
