import { randomUUID } from 'node:crypto';
import type { RunningSimulator, SystemKind } from '@mate/simulators';
import { expectEventually } from '@mate/testing';
import type { UnifiedEntity } from '../src/adapters';
import type { ConnectorsTestApp } from './connectors-test-app';

type Secrets = Record<string, string>;

type Fields = Record<string, unknown>;

export interface SyncSystemCase {
  system: SystemKind;
  credentialId: string;
  authKind: string;
  credentials: (secrets: Secrets) => Secrets;
  /**
   * A customer field the simulator seeds on a standard entity, as a connection's settings name it
   * (`remote`), with how a test reads and sets it in the system's own shape (at the top level, in
   * UpKeep's `customFields`, MaintainX's `extraFields`, Limble's `fields` pairs).
   */
  customField: { entity: UnifiedEntity; remote: string; read: (fields: Fields) => unknown; write: (value: string) => Fields };
  /**
   * The simulator's customer-defined table, for a custom object (Maximo object structure, SAP YY1
   * entity set, Fiix class, a REST resource of the customer's own); `resultField` is its
   * calibration result, in the system's naming.
   */
  customTable: { remote: string; idField: string; modifiedField: string; resultField: string; deletedFlag?: string };
}

const topLevel = (remote: string): SyncSystemCase['customField'] => ({ entity: 'workOrder', remote, read: (fields) => fields[remote], write: (value) => ({ [remote]: value }) });
const inObject = (entity: UnifiedEntity, container: string, remote: string): SyncSystemCase['customField'] => ({
  entity,
  remote,
  read: (fields) => (fields[container] as Fields | undefined)?.[remote],
  write: (value) => ({ [container]: { [remote]: value } }),
});

export const SYNC_CASES: SyncSystemCase[] = [
  {
    system: 'maximo',
    credentialId: 'apikey',
    authKind: 'api_key',
    credentials: (s) => ({ apiKey: s.apikey ?? '' }),
    customField: topLevel('cust_safetyclass'),
    customTable: { remote: 'custcalibration', idField: 'calibrationid', modifiedField: 'changedate', resultField: 'result' },
  },
  {
    system: 'sap',
    credentialId: 'client',
    authKind: 'oauth2_client_credentials',
    credentials: (s) => ({ clientId: s.clientId ?? '', clientSecret: s.clientSecret ?? '' }),
    customField: topLevel('YY1_SafetyClass_ORD'),
    customTable: { remote: 'YY1_Calibration', idField: 'SAP_UUID', modifiedField: 'LastChangeDateTime', resultField: 'Result', deletedFlag: 'IsMarkedForDeletion' },
  },
  {
    system: 'fiix',
    credentialId: 'keys',
    authKind: 'hmac_signed',
    credentials: (s) => ({ appKey: s.appKey ?? '', accessKey: s.accessKey ?? '', secretKey: s.secretKey ?? '' }),
    customField: topLevel('strSafetyClass'),
    customTable: { remote: 'CustomCalibration', idField: 'id', modifiedField: 'dtmDateLastModified', resultField: 'strResult' },
  },
  {
    system: 'upkeep',
    credentialId: 'login',
    authKind: 'session_login',
    credentials: (s) => ({ email: s.email ?? '', password: s.password ?? '' }),
    customField: inObject('asset', 'customFields', 'criticality'),
    customTable: { remote: 'calibrations', idField: 'id', modifiedField: 'updatedAt', resultField: 'result' },
  },
  {
    system: 'maintainx',
    credentialId: 'apikey',
    authKind: 'api_key',
    credentials: (s) => ({ apiKey: s.apiKey ?? '' }),
    customField: inObject('workOrder', 'extraFields', 'Safety class'),
    customTable: { remote: 'calibrations', idField: 'id', modifiedField: 'updatedAt', resultField: 'result' },
  },
  {
    system: 'limble',
    credentialId: 'client',
    authKind: 'basic',
    credentials: (s) => ({ clientId: s.clientId ?? '', clientSecret: s.clientSecret ?? '' }),
    customField: {
      entity: 'asset',
      remote: 'Criticality',
      read: (fields) => (fields.fields as { field: string; value: unknown }[] | undefined)?.find((pair) => pair.field === 'Criticality')?.value,
      write: (value) => ({ fields: [{ field: 'Criticality', value }] }),
    },
    customTable: { remote: 'calibrations', idField: 'calibrationID', modifiedField: 'lastEdited', resultField: 'result' },
  },
];

/** A tenant with the simulators' loopback allowed and one connection to `sim` (with `settings`, e.g. a rate budget override); its admin token. */
export async function connectTenant(
  service: ConnectorsTestApp,
  sim: RunningSimulator,
  kase: SyncSystemCase,
  settings: Record<string, string> = {},
): Promise<{ admin: string; connectionId: string; tenantId: string }> {
  const tenantId = randomUUID();
  const admin = `Bearer ${await service.token(tenantId, ['admin'])}`;
  await service.http().put('/api/v1/connectors/allow-list').set('Authorization', admin).send({ entries: ['127.0.0.1'] }).expect(200);
  const secrets = kase.credentials((await sim.admin.credential(kase.credentialId)).secrets);
  const created = await service
    .http()
    .post('/api/v1/connections')
    .set('Authorization', admin)
    .send({ system: kase.system, authKind: kase.authKind, displayName: `Sync ${kase.system}`, baseUrl: sim.url, credentials: secrets, settings })
    .expect(201);
  return { admin, connectionId: created.body.connection.id as string, tenantId };
}

export interface RunView {
  id: string;
  status: string;
  scan: string;
  progress: { pagesDone: number; recordsDone: number; upserted: number; unchanged: number; deleted: number };
  resumedFrom: string | null;
  error: string | null;
}

export async function startSync(service: ConnectorsTestApp, admin: string, connectionId: string, entity: string, mode: 'full' | 'incremental'): Promise<RunView> {
  const started = await service.http().post(`/api/v1/connections/${connectionId}/syncs`).set('Authorization', admin).send({ entity, mode }).expect(202);
  return started.body as RunView;
}

export async function runView(service: ConnectorsTestApp, admin: string, connectionId: string, runId: string): Promise<RunView> {
  return (await service.http().get(`/api/v1/connections/${connectionId}/syncs/${runId}`).set('Authorization', admin).expect(200)).body as RunView;
}

/** Waits until the run has ended (any status but queued and running) and answers it. */
export async function awaitRun(service: ConnectorsTestApp, admin: string, connectionId: string, runId: string, timeoutMs = 30_000): Promise<RunView> {
  let view: RunView | undefined;
  await expectEventually(
    async () => {
      view = await runView(service, admin, connectionId, runId);
      expect(['queued', 'running']).not.toContain(view.status);
    },
    { timeoutMs, intervalMs: 200 },
  );
  return view as RunView;
}

/** Every synced record of an entity, through the read API's pages. */
export async function readAll(service: ConnectorsTestApp, admin: string, connectionId: string, path: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let cursor: string | undefined;
  do {
    const page = await service
      .http()
      .get(`/api/v1/connections/${connectionId}/${path}`)
      .query({ page_size: 2, include_remote_data: true, ...(cursor ? { cursor } : {}) })
      .set('Authorization', admin)
      .expect(200);
    items.push(...(page.body.items as Record<string, unknown>[]));
    cursor = page.body.nextCursor ?? undefined;
  } while (cursor);
  return items;
}
