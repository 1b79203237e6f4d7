import { readFileSync } from 'node:fs';
import os from 'node:os';
import { resolve } from 'node:path';
import { Client } from 'pg';

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  kafka: string;
  postgres: string;
}

const REPO_ROOT = resolve(__dirname, '../../..');

/**
 * The broker does not report its release over the protocol kafkajs speaks, so this is the version
 * tools/infra/kafka.sh runs (KAFKA_VERSION overrides it for a broker started some other way).
 */
function kafkaVersion(): string {
  if (process.env.KAFKA_VERSION) return process.env.KAFKA_VERSION;
  try {
    const pom = readFileSync(resolve(REPO_ROOT, 'tools/infra/kafka/pom.xml'), 'utf8');
    const version = /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(pom)?.[1];
    const where = process.env.KAFKA_BROKERS ? ' (assumed from tools/infra: KAFKA_BROKERS is set)' : ' (KRaft, single node)';
    return version ? `${version}${where}` : 'unknown';
  } catch {
    return 'unknown';
  }
}

async function postgresVersion(serverUrl: string): Promise<string> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ server_version: string }>('show server_version');
    return rows[0]?.server_version ?? 'unknown';
  } finally {
    await client.end();
  }
}

export async function machineInfo(databaseServerUrl: string): Promise<MachineInfo> {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores: os.availableParallelism(),
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    kafka: kafkaVersion(),
    postgres: await postgresVersion(databaseServerUrl),
  };
}
