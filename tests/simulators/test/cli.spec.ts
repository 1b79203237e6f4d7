import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { send } from './drivers';

const REPO_ROOT = path.resolve(__dirname, '../../..');

function start(args: string[]): ChildProcess {
  return spawn(process.execPath, ['-r', '@swc-node/register', 'tests/simulators/src/cli.ts', ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
}

async function firstLine(child: ChildProcess): Promise<string> {
  let output = '';
  for await (const chunk of child.stdout ?? []) {
    output += String(chunk);
    if (output.includes('\n')) return output.split('\n')[0] ?? '';
  }
  throw new Error(`no output; exit ${child.exitCode}`);
}

describe('simulators command line', () => {
  it('starts one system on a free port, prints its URL, admin token and credentials (and writes them to the manifest), logs requests, stops on SIGTERM', async () => {
    const manifest = path.join(mkdtempSync(path.join(tmpdir(), 'mate-sim-')), 'simulators.json');
    const child = start(['maximo', '--port', '0', '--seed', '9', '--json', '--manifest', manifest]);
    try {
      const printed = JSON.parse(await firstLine(child)) as { system: string; url: string; adminToken: string; credentials: Array<{ id: string; secrets: Record<string, string> }> };
      expect(JSON.parse(readFileSync(manifest, 'utf8'))).toEqual([printed]);
      expect(printed).toEqual(expect.objectContaining({ system: 'maximo', url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/), adminToken: expect.any(String) }));
      const apikey = printed.credentials.find((c) => c.id === 'apikey')?.secrets.apikey ?? '';
      expect((await send(`${printed.url}/maximo/oslc/os/mxwo?lean=1`, { headers: { apikey } })).status).toBe(200);
      const counts = await send(`${printed.url}/__admin/requests`, { headers: { authorization: `Bearer ${printed.adminToken}` } });
      expect((counts.body as { total: number }).total).toBe(1);
      child.kill('SIGTERM');
      const [code] = await once(child, 'exit');
      expect(code).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  }, 30_000);

  it('refuses an unknown system with its usage', async () => {
    const child = start(['sharepoint']);
    let errors = '';
    child.stderr?.on('data', (chunk) => (errors += String(chunk)));
    const [code] = await once(child, 'exit');
    expect(code).toBe(2);
    expect(errors).toContain('usage: cli.ts <maximo|sap|fiix|upkeep|maintainx|limble|all>');
  }, 30_000);
});
