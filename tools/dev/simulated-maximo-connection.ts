/**
 * What `npm run setup` does last: a connection of the development tenant to the simulated Maximo,
 * so a newcomer has a working connection at once. Through the connectors' own API (the same checks
 * as any connection: allow-list, credentials verified upstream); running it again finds the
 * connection and changes nothing.
 */

/** One JSON request to the connectors service as the tenant's administrator. */
export type ConnectorsApi = (method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown) => Promise<{ status: number; body: unknown }>;

export interface SimulatedMaximo {
  /** The simulator's server root, e.g. http://127.0.0.1:4101. */
  url: string;
  apiKey: string;
}

export interface SimulatedMaximoConnection {
  connectionId: string;
  status: string;
  created: boolean;
  /** The connection's API token: only when it was created now (shown once). */
  apiToken?: string;
}

export const SIMULATED_MAXIMO_NAME = 'Simulated Maximo';

interface ConnectionView {
  id: string;
  system: string;
  baseUrl: string;
  status: string;
}

export async function ensureSimulatedMaximoConnection(api: ConnectorsApi, maximo: SimulatedMaximo): Promise<SimulatedMaximoConnection> {
  const connections = (await expectStatus(api('GET', '/api/v1/connections'), 200, 'list connections')) as ConnectionView[];
  const existing = connections.find((connection) => connection.system === 'maximo' && connection.baseUrl === maximo.url);
  if (existing) return { connectionId: existing.id, status: existing.status, created: false };

  // The simulator listens on loopback, which the SSRF guard refuses unless the tenant allow-lists it.
  const host = new URL(maximo.url).hostname;
  const { entries } = (await expectStatus(api('GET', '/api/v1/connectors/allow-list'), 200, 'read the allow-list')) as { entries: string[] };
  if (!entries.includes(host)) await expectStatus(api('PUT', '/api/v1/connectors/allow-list', { entries: [...entries, host] }), 200, 'allow-list the simulators');

  const issued = (await expectStatus(
    api('POST', '/api/v1/connections', { system: 'maximo', authKind: 'api_key', displayName: SIMULATED_MAXIMO_NAME, baseUrl: maximo.url, credentials: { apiKey: maximo.apiKey } }),
    201,
    'connect the simulated Maximo',
  )) as { connection: ConnectionView; apiToken: string };
  return { connectionId: issued.connection.id, status: issued.connection.status, created: true, apiToken: issued.apiToken };
}

/** The body of an expected answer; otherwise an error with the problem's detail (the connectors never echo credentials). */
async function expectStatus(reply: Promise<{ status: number; body: unknown }>, status: number, what: string): Promise<unknown> {
  const { status: actual, body } = await reply;
  if (actual === status) return body;
  const detail = typeof body === 'object' && body !== null && 'detail' in body ? String((body as { detail: unknown }).detail) : '';
  throw new Error(`${what}: HTTP ${actual} ${detail}`.trim());
}
