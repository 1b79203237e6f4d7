/**
 * Every adapter against its simulator: authentication, a probe, and the classification of what
 * the simulated system really answers when a credential dies, a token runs out, a permission is
 * taken away, or the system throttles, fails or sends garbage.
 */
import { trace } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { startSimulator, type RunningSimulator, type SystemKind as SimulatedSystem } from '@mate/simulators';
import type { AdapterConnection, AuthKind, AuthSession, ConnectorAdapter, FailureClass, SystemKind } from './index';
import { UpstreamFailure, UpstreamHttp, createAdapters } from './index';

interface SystemCase {
  system: SystemKind & SimulatedSystem;
  credentialId: string;
  authKind: AuthKind;
  /** What a probe with the session of a revoked credential is classified as. */
  revokedProbe: FailureClass;
}

const CASES: SystemCase[] = [
  { system: 'maximo', credentialId: 'apikey', authKind: 'api_key', revokedProbe: 'auth_invalid' },
  { system: 'sap', credentialId: 'client', authKind: 'oauth2_client_credentials', revokedProbe: 'auth_expired' },
  { system: 'fiix', credentialId: 'keys', authKind: 'hmac_signed', revokedProbe: 'auth_invalid' },
  { system: 'upkeep', credentialId: 'login', authKind: 'session_login', revokedProbe: 'auth_expired' },
  { system: 'maintainx', credentialId: 'apikey', authKind: 'api_key', revokedProbe: 'auth_invalid' },
  { system: 'limble', credentialId: 'client', authKind: 'basic', revokedProbe: 'auth_invalid' },
];

/** The simulators' credential names as the adapters' credential fields. */
function credentialsFrom(system: SystemKind, secrets: Record<string, string>): Record<string, string> {
  return system === 'maximo' ? { apiKey: secrets.apikey ?? '' } : { ...secrets };
}

const spans = new InMemorySpanExporter();
trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] }));

async function failureOf(promise: Promise<unknown>): Promise<FailureClass | 'none'> {
  try {
    await promise;
    return 'none';
  } catch (error) {
    if (error instanceof UpstreamFailure) return error.classification;
    throw error;
  }
}

describe.each(CASES)('$system adapter against its simulator', ({ system, credentialId, authKind, revokedProbe }) => {
  let sim: RunningSimulator;
  let adapter: ConnectorAdapter;
  let connection: AdapterConnection;
  const http = new UpstreamHttp({ retries: 0, timeoutMs: 1_000 });

  beforeAll(async () => {
    sim = await startSimulator(system, { seed: 7, rateLimit: undefined });
    adapter = createAdapters(http)[system];
  });
  afterAll(() => sim.close());

  beforeEach(async () => {
    await sim.admin.reset();
    await sim.admin.settings({ rateLimit: null });
    const secrets = (await sim.admin.credential(credentialId)).secrets;
    connection = { id: `c-${system}`, tenantId: 't-1', system, authKind, baseUrl: sim.url, credentials: credentialsFrom(system, secrets), settings: {} };
  });

  async function probe(session?: AuthSession): Promise<FailureClass | 'none'> {
    return failureOf((async () => adapter.probe(connection, session ?? (await adapter.authenticate(connection))))());
  }

  it('authenticates and probes with valid credentials, one request each', async () => {
    expect(await probe()).toBe('none');
    const { total } = await sim.admin.requests();
    expect(total).toBe(system === 'sap' || system === 'upkeep' ? 2 : 1);
  });

  it(`classifies a call with a revoked credential as ${revokedProbe}, and authenticating again as auth_invalid`, async () => {
    const session = await adapter.authenticate(connection);
    await sim.admin.revoke(credentialId);
    expect(await probe(session)).toBe(revokedProbe);
    expect(await failureOf(adapter.refresh(connection, session).then((fresh) => adapter.probe(connection, fresh)))).toBe('auth_invalid');
  });

  it('classifies rotated-away credentials as auth_invalid once the old ones are tried afresh', async () => {
    await sim.admin.rotate(credentialId);
    expect(await probe()).toBe('auth_invalid');
  });

  it('classifies a missing permission as permission_denied, not as an auth failure', async () => {
    await sim.admin.removePermission('workOrder:read');
    expect(await probe()).toBe('permission_denied');
  });

  it.each([
    ['rate_limit', {}, 'rate_limited'],
    // 403 "Exceeded Connections Limit", no header: throttling, though the status alone says refusal.
    ['connection_limit', {}, 'rate_limited'],
    ['server_error', { status: 503 }, 'transient'],
    ['server_error', { status: 500 }, 'transient'],
    ['malformed', {}, 'transient'],
    ['disconnect', {}, 'transient'],
    ['timeout', {}, 'transient'],
  ] as const)('classifies a %s fault %j as %s', async (kind, extra, expected) => {
    const session = await adapter.authenticate(connection);
    await sim.admin.injectFault({ kind, count: 1, ...extra });
    expect(await probe(session)).toBe(expected);
  });

  it('classifies a 403 "Exceeded Connections Limit" on authenticating as rate_limited, not as a refused credential', async () => {
    await sim.admin.injectFault({ kind: 'connection_limit', count: 1 });
    // Systems that send the credential with every request authenticate without a call: their probe meets the 403.
    expect(await probe()).toBe('rate_limited');
    expect((await sim.admin.faults()).length).toBe(0);
  });

  it('traces the probe without a secret in the span name or any attribute', async () => {
    const session = await adapter.authenticate(connection);
    spans.reset();
    await adapter.probe(connection, session);
    const [span] = spans.getFinishedSpans();
    expect(span?.name).toBe(`${system} probe`);
    expect(span?.attributes['http.response.status_code']).toBe(200);
    const visible = JSON.stringify({ name: span?.name, attributes: span?.attributes, events: span?.events });
    for (const secret of [...Object.values(connection.credentials), session.token ?? 'no-token']) expect(visible).not.toContain(secret);
  });
});

describe('sessions that run out', () => {
  it.each(['sap', 'upkeep'] as const)('%s: an expired session is auth_expired and a refresh cures it', async (system) => {
    const sim = await startSimulator(system, { seed: 7 });
    try {
      const adapter = createAdapters(new UpstreamHttp({ retries: 0 }))[system];
      const secrets = (await sim.admin.overview()).credentials[0]?.secrets ?? {};
      const connection: AdapterConnection = {
        id: 'c-1',
        tenantId: 't-1',
        system,
        authKind: system === 'sap' ? 'oauth2_client_credentials' : 'session_login',
        baseUrl: sim.url,
        credentials: secrets,
        settings: {},
      };
      const session = await adapter.authenticate(connection);
      expect(session.expiresAt && Date.parse(session.expiresAt)).toBeGreaterThan(Date.now());
      await sim.admin.expireSessions();
      expect(await failureOf(adapter.probe(connection, session))).toBe('auth_expired');
      expect(await failureOf(adapter.refresh(connection, session).then((fresh) => adapter.probe(connection, fresh)))).toBe('none');
    } finally {
      await sim.close();
    }
  });
});
