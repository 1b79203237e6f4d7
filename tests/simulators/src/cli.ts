/**
 * Starts simulators from the command line, on 127.0.0.1:
 *   node -r @swc-node/register tests/simulators/src/cli.ts <system|all> [--port N] [--seed N]
 *        [--admin-token T] [--session-ttl SECONDS] [--no-rate-limit] [--json] [--manifest FILE]
 * `all` starts the six on their fixed ports (4101-4106; --port moves the first, --port 0 gives each a free one). Prints each URL,
 * its admin token and the credentials to connect with (`--json`: one JSON line per simulator), then
 * one line per request. `--manifest` also writes the same JSON, one object per simulator in an
 * array, to FILE once all are listening (what `npm run setup` reads to connect the simulated
 * Maximo). Stops on SIGINT/SIGTERM.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { describeCredential } from './core/admin-api';
import { startSimulator, SYSTEM_KINDS, SYSTEMS, type RunningSimulator, type SystemKind } from './index';

const USAGE = `usage: cli.ts <${SYSTEM_KINDS.join('|')}|all> [--port N] [--seed N] [--admin-token T] [--session-ttl SECONDS] [--no-rate-limit] [--json] [--manifest FILE]`;

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

function wholeNumber(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) fail(`--${name} must be a whole number`);
  return parsed;
}

function description(simulator: RunningSimulator) {
  return { system: simulator.system.kind, url: simulator.url, adminToken: simulator.adminToken, credentials: simulator.state.credentials.list().map(describeCredential) };
}

function describe(simulator: RunningSimulator, json: boolean): string {
  const all = simulator.state.credentials.list().map(describeCredential);
  if (json) return JSON.stringify(description(simulator));
  const credentials = all.map((c) => `  credential ${c.id}: ${Object.entries(c.secrets).map(([k, v]) => `${k}=${v}`).join(' ')}`);
  return [
    `${simulator.system.kind}: ${simulator.system.title} on ${simulator.url}`,
    `  API:   ${simulator.url}${simulator.system.apiPath}`,
    `  admin: ${simulator.url}/__admin  (Authorization: Bearer ${simulator.adminToken})`,
    ...credentials,
  ].join('\n');
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      seed: { type: 'string' },
      'admin-token': { type: 'string' },
      'session-ttl': { type: 'string' },
      'no-rate-limit': { type: 'boolean' },
      json: { type: 'boolean' },
      manifest: { type: 'string' },
    },
  });
  const [which] = positionals;
  if (which !== 'all' && !SYSTEM_KINDS.includes(which as SystemKind)) fail(`unknown system ${String(which)}`);
  const kinds = which === 'all' ? SYSTEM_KINDS : [which as SystemKind];
  const port = wholeNumber(values.port, 'port');
  const firstPort = SYSTEMS[kinds[0] as SystemKind].devPort;
  const simulators: RunningSimulator[] = [];
  for (const kind of kinds) {
    // Port 0 means a free port for each; otherwise `all` keeps the fixed ports' spacing from --port.
    const ownPort = which === 'all' && port !== 0 ? SYSTEMS[kind].devPort - firstPort + (port ?? firstPort) : port;
    simulators.push(
      await startSimulator(kind, {
        port: ownPort,
        seed: wholeNumber(values.seed, 'seed'),
        adminToken: values['admin-token'],
        sessionTtlSeconds: wholeNumber(values['session-ttl'], 'session-ttl'),
        rateLimit: values['no-rate-limit'] ? null : undefined,
        onRequest: (r) => console.log(`${r.at} ${kind} ${r.method} ${r.path} ${r.status ?? '-'} credential=${r.credentialId}`),
      }),
    );
  }
  if (values.manifest) {
    // Written whole, then renamed: a reader never sees half a file; before printing, so it is there once the output is.
    writeFileSync(`${values.manifest}.tmp`, `${JSON.stringify(simulators.map(description), null, 2)}\n`, { mode: 0o600 });
    renameSync(`${values.manifest}.tmp`, values.manifest);
  }
  for (const simulator of simulators) console.log(describe(simulator, values.json === true));
  const stop = () => void Promise.all(simulators.map((s) => s.close())).then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
