// The last step of `npm run setup`: connects the development tenant (tools/auth/dev-tenant.ts) to
// the simulated Maximo that tools/dev/simulators.sh started, through the running connectors
// service. Idempotent. Reads the simulators' manifest (.local/run/simulators.json).
//   node -r @swc-node/register tools/dev/connect-simulated-maximo.ts
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadAuthConfig, SERVICE_PORTS, signDevelopmentToken } from '@mate/service-kit';
import { devTenantId } from '../auth/dev-tenant';
import { ensureSimulatedMaximoConnection, type ConnectorsApi, type SimulatedMaximo } from './simulated-maximo-connection';

const MANIFEST = resolve(__dirname, '../../.local/run/simulators.json');

interface ManifestEntry {
  system: string;
  url: string;
  credentials: { id: string; secrets: Record<string, string> }[];
}

function simulatedMaximo(): SimulatedMaximo {
  if (!existsSync(MANIFEST)) throw new Error(`no ${MANIFEST}: restart the simulators (npm run simulators:stop && npm run simulators:start)`);
  const maximo = (JSON.parse(readFileSync(MANIFEST, 'utf8')) as ManifestEntry[]).find((entry) => entry.system === 'maximo');
  const apiKey = maximo?.credentials.find((credential) => credential.id === 'apikey')?.secrets['apikey'];
  if (!maximo || !apiKey) throw new Error(`${MANIFEST} lists no simulated Maximo with an API key`);
  return { url: maximo.url, apiKey };
}

async function main(): Promise<void> {
  const tenantId = devTenantId();
  const auth = loadAuthConfig({ env: { NODE_ENV: 'development', ...process.env } });
  if (auth.mode !== 'dev') throw new Error('AUTH_MODE=oidc: connect the simulated Maximo through the console instead');
  const token = await signDevelopmentToken(auth, { subject: 'dev-setup', tenantId, roles: ['admin'], expiresIn: '5m' });
  const base = process.env['CONNECTORS_URL'] ?? `http://127.0.0.1:${SERVICE_PORTS['connectors']}`;
  const api: ConnectorsApi = async (method, path, body) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    }).catch(() => {
      throw new Error(`the connectors service does not answer on ${base} (npm run setup starts it; its log: .local/logs/connectors.log)`);
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
  };
  const maximo = simulatedMaximo();
  const outcome = await ensureSimulatedMaximoConnection(api, maximo);
  console.log(`${outcome.created ? 'connected' : 'already connected'}: the simulated Maximo (${maximo.url}) as connection ${outcome.connectionId}, ${outcome.status}, in tenant ${tenantId}`);
  if (outcome.apiToken) console.log(`  its connection API token (shown this once): ${outcome.apiToken}`);
  if (outcome.status !== 'connected') console.log(`  reconnect it: POST ${base}/api/v1/connections/${outcome.connectionId}/reauthorize`);
  console.log(`  try: TOKEN=$(npm run -s token -- --roles admin) && curl -s -H "authorization: Bearer $TOKEN" ${base}/api/v1/connections/${outcome.connectionId}/health`);
}

main().catch((error: unknown) => {
  console.error(`connect-simulated-maximo: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
