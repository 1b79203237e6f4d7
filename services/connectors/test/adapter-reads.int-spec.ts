/**
 * The adapters' reads against each real simulator over loopback HTTP: every unified entity listed
 * page by page with the system's own paging matches the simulator's data, `get` returns the same
 * record, `modifiedSince` narrows the list where the system can filter, custom tables are read by
 * their remote name, and a made-up cursor sends nothing upstream.
 */
import { startSimulator, type RunningSimulator, type SystemKind } from '@mate/simulators';
import { InvalidCursorError, UNIFIED_ENTITIES, UpstreamHttp, createAdapters, type AdapterConnection, type AuthSession, type ConnectorAdapter, type CustomTableRef, type RemoteRecord, type UnifiedEntity } from '../src/adapters';
import { MAPPINGS } from '../src/unified';

type Secrets = Record<string, string>;

const CASES: { system: SystemKind; credentialId: string; authKind: AdapterConnection['authKind']; credentials: (s: Secrets) => Secrets; customTable?: CustomTableRef }[] = [
  { system: 'maximo', credentialId: 'apikey', authKind: 'api_key', credentials: (s) => ({ apiKey: s.apikey ?? '' }), customTable: { remote: 'custcalibration', idField: 'calibrationid', modifiedField: 'changedate' } },
  {
    system: 'sap',
    credentialId: 'client',
    authKind: 'oauth2_client_credentials',
    credentials: (s) => ({ clientId: s.clientId ?? '', clientSecret: s.clientSecret ?? '' }),
    customTable: { remote: 'YY1_Calibration', idField: 'SAP_UUID', modifiedField: 'LastChangeDateTime' },
  },
  { system: 'fiix', credentialId: 'keys', authKind: 'hmac_signed', credentials: (s) => ({ appKey: s.appKey ?? '', accessKey: s.accessKey ?? '', secretKey: s.secretKey ?? '' }), customTable: { remote: 'CustomCalibration', idField: 'id', modifiedField: 'dtmDateLastModified' } },
  { system: 'upkeep', credentialId: 'login', authKind: 'session_login', credentials: (s) => ({ email: s.email ?? '', password: s.password ?? '' }), customTable: { remote: 'calibrations', idField: 'id', modifiedField: 'updatedAt' } },
  { system: 'maintainx', credentialId: 'apikey', authKind: 'api_key', credentials: (s) => ({ apiKey: s.apiKey ?? '' }), customTable: { remote: 'calibrations', idField: 'id', modifiedField: 'updatedAt' } },
  {
    system: 'limble',
    credentialId: 'client',
    authKind: 'basic',
    credentials: (s) => ({ clientId: s.clientId ?? '', clientSecret: s.clientSecret ?? '' }),
    customTable: { remote: 'calibrations', idField: 'calibrationID', modifiedField: 'lastEdited' },
  },
];

const adapters = createAdapters(new UpstreamHttp({ retries: 0 }));

async function listAll(adapter: ConnectorAdapter, connection: AdapterConnection, session: AuthSession, entity: UnifiedEntity, modifiedSince?: string): Promise<{ records: RemoteRecord[]; pages: number }> {
  const list = adapter.entities[entity]?.list;
  if (!list) throw new Error(`no list for ${entity}`);
  const records: RemoteRecord[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await list(connection, session, { pageSize: 1, cursor, modifiedSince });
    records.push(...page.records);
    cursor = page.nextCursor;
    pages += 1;
    if (pages > 50) throw new Error('paging does not end');
  } while (cursor);
  return { records, pages };
}

describe.each(CASES)('$system reads', ({ system, credentialId, authKind, credentials, customTable }) => {
  let sim: RunningSimulator;
  let connection: AdapterConnection;
  let session: AuthSession;
  const adapter = adapters[system];

  /** What the simulator holds for an entity: ids of the records its API shows, the mapping's filter applied. */
  async function simulatorIds(entity: UnifiedEntity): Promise<string[]> {
    const mapping = MAPPINGS[system].entities[entity];
    const records = await sim.admin.records(mapping.collection);
    return records
      .filter((record) => !record.deleted || mapping.deletedField !== undefined)
      .filter((record) => Object.entries(mapping.filter ?? {}).every(([key, value]) => record.fields[key] === value))
      .map((record) => String(record.id));
  }

  beforeAll(async () => {
    sim = await startSimulator(system, { rateLimit: null });
    const secrets = (await sim.admin.credential(credentialId)).secrets;
    connection = { id: 'c1', tenantId: 't1', system, authKind, baseUrl: sim.url, credentials: credentials(secrets), settings: {} };
    session = await adapter.authenticate(connection);
  });

  afterAll(async () => {
    await sim?.close();
  });

  it.each(UNIFIED_ENTITIES.map((entity) => [entity]))('lists every %s page by page, and gets each one', async (entity) => {
    const expected = await simulatorIds(entity);
    const { records, pages } = await listAll(adapter, connection, session, entity);
    expect(records.map((record) => record.remoteId).sort()).toEqual(expected.sort());
    expect(pages).toBeGreaterThanOrEqual(expected.length);
    for (const record of records) {
      expect(record.remoteUpdatedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
      const one = await adapter.entities[entity]?.get?.(connection, session, record.remoteId);
      expect(one?.remoteId).toBe(record.remoteId);
      expect(one?.fields[MAPPINGS[system].entities[entity].fields[0]?.remote ?? '']).toEqual(record.fields[MAPPINGS[system].entities[entity].fields[0]?.remote ?? '']);
    }
  });

  it('narrows the list to records changed since a time where the system can filter, lists all where it cannot', async () => {
    const mapping = MAPPINGS[system].entities.workOrder;
    const [target] = await sim.admin.records(mapping.collection);
    if (!target) throw new Error('no work order');
    const since = new Date(Date.now() + 5).toISOString();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const changedField = mapping.fields.find((field) => field.unified === 'title' || field.unified === 'description')?.remote ?? 'description';
    await sim.admin.change(mapping.collection, target.id, { [changedField]: 'Changed upstream' });
    const { records } = await listAll(adapter, connection, session, 'workOrder', since);
    if (mapping.sync.incremental === 'modified_since') {
      expect(records.map((record) => record.remoteId)).toEqual([String(target.id)]);
    } else {
      expect(records.length).toBe((await simulatorIds('workOrder')).length);
    }
    expect(records.find((record) => record.remoteId === String(target.id))?.fields[changedField]).toBe('Changed upstream');
  });

  // MaintainX's cursor is the system's own and opaque: the system itself refuses a bad one.
  (system === 'maintainx' ? it.skip : it)('answers a made-up cursor without a request upstream', async () => {
    await sim.admin.resetRequests();
    await expect(adapter.entities.asset?.list?.(connection, session, { pageSize: 10, cursor: 'not-a-cursor' })).rejects.toBeInstanceOf(InvalidCursorError);
    expect((await sim.admin.requests()).total).toBe(0);
  });

  if (customTable) {
    it(`reads the custom table ${customTable.remote} by its remote name`, async () => {
      const expected = (await sim.admin.records(customTable.remote)).map((record) => String(record.id));
      const page = await adapter.customTables?.list(connection, session, customTable, { pageSize: 10 });
      expect(page?.records.map((record) => record.remoteId)).toEqual(expected);
      const first = page?.records[0];
      expect(first?.remoteUpdatedAt).toMatch(/^\d{4}-/);
      const one = await adapter.customTables?.get(connection, session, customTable, first?.remoteId ?? '');
      expect(one?.remoteId).toBe(first?.remoteId);
      // The first seeded row of each system's custom table records a passed calibration, in the system's own naming.
      const result: Partial<Record<SystemKind, [string, string]>> = { sap: ['Result', 'PASS'], fiix: ['strResult', 'pass'] };
      const [field, value] = result[system] ?? ['result', 'PASS'];
      expect(one?.fields[field]).toBe(value);
    });
  }
});

describe('Fiix entities out of the shared Asset class', () => {
  it('does not get a part as a location', async () => {
    const sim = await startSimulator('fiix', { rateLimit: null });
    try {
      const testCase = CASES.find((candidate) => candidate.system === 'fiix');
      const secrets = (await sim.admin.credential('keys')).secrets;
      const connection: AdapterConnection = { id: 'c1', tenantId: 't1', system: 'fiix', authKind: 'hmac_signed', baseUrl: sim.url, credentials: testCase?.credentials(secrets) ?? {}, settings: {} };
      const location = adapters.fiix.entities.location?.get;
      await expect(location?.(connection, {}, '3')).rejects.toMatchObject({ classification: 'not_found' });
      await expect(location?.(connection, {}, '1')).resolves.toMatchObject({ remoteId: '1' });
    } finally {
      await sim.close();
    }
  });
});

describe('purchase order lines come with the header', () => {
  it.each(CASES.map(({ system }) => [system]))('%s', async (system) => {
    const testCase = CASES.find((candidate) => candidate.system === system);
    if (!testCase) throw new Error(system);
    const sim = await startSimulator(system, { rateLimit: null });
    try {
      const secrets = (await sim.admin.credential(testCase.credentialId)).secrets;
      const connection: AdapterConnection = { id: 'c1', tenantId: 't1', system, authKind: testCase.authKind, baseUrl: sim.url, credentials: testCase.credentials(secrets), settings: {} };
      const adapter = adapters[system];
      const session = await adapter.authenticate(connection);
      const page = await adapter.entities.purchaseOrder?.list?.(connection, session, { pageSize: 10 });
      const lines = MAPPINGS[system].entities.purchaseOrder.lines;
      const [po] = page?.records ?? [];
      const raw = po?.fields[lines?.remote ?? ''];
      const list = Array.isArray(raw) ? raw : (raw as { results?: unknown[] } | undefined)?.results;
      expect(list?.length).toBeGreaterThan(0);
      const got = await adapter.entities.purchaseOrder?.get?.(connection, session, po?.remoteId ?? '');
      expect(got?.fields[lines?.remote ?? '']).toEqual(raw);
    } finally {
      await sim.close();
    }
  });
});
