/**
 * Proves that eslint.config.mjs enforces the module boundaries: a service never imports another
 * service, a lib never imports a service, a service may import a lib, and test support packages (the
 * simulators) are for tests only.
 *
 * The rule needs real projects tagged `type:service` and `type:lib` in the Nx project graph. The
 * real workspace may have no services yet, and adding fixture projects to it would change what every
 * `nx` command sees, so the test builds a throwaway workspace in a temp dir: the real nx.json and
 * the real ESLint config (re-exported, not copied, so a change to it is what gets tested), the real
 * node_modules, and four tiny projects. `nx show projects` there writes the cached project graph the
 * rule reads; then ESLint's Node API lints source texts as files of those projects.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const REPO_ROOT = path.resolve(__dirname, '../..');
const RULE = '@nx/enforce-module-boundaries';

interface LintMessage {
  ruleId: string | null;
  severity: number;
  message: string;
}
interface LintResult {
  filePath: string;
  messages: LintMessage[];
}

const PROJECTS = [
  { dir: 'services/alpha', name: '@mate/alpha', tag: 'type:service' },
  { dir: 'services/beta', name: '@mate/beta', tag: 'type:service' },
  { dir: 'libs/gamma', name: '@mate/gamma', tag: 'type:lib' },
  { dir: 'tests/delta', name: '@mate/delta', tag: 'type:test-support' },
];

function writeText(file: string, text: string | Buffer): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

function writeJson(file: string, value: unknown): void {
  writeText(file, `${JSON.stringify(value, null, 2)}\n`);
}

function populateWorkspace(root: string): void {
  writeJson(path.join(root, 'package.json'), { name: 'boundaries-fixture', private: true, workspaces: ['libs/*', 'services/*', 'tests/*'] });
  writeText(path.join(root, 'nx.json'), readFileSync(path.join(REPO_ROOT, 'nx.json')));
  writeText(
    path.join(root, 'eslint.config.mjs'),
    `export { default } from ${JSON.stringify(path.join(REPO_ROOT, 'eslint.config.mjs'))};\n`,
  );
  symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  const paths: Record<string, string[]> = {};
  for (const p of PROJECTS) {
    writeJson(path.join(root, p.dir, 'package.json'), { name: p.name, version: '0.0.0', private: true, main: 'src/index.ts', nx: { tags: [p.tag] } });
    writeText(path.join(root, p.dir, 'src/index.ts'), 'export const value = 1;\n');
    paths[p.name] = [`${p.dir}/src/index.ts`];
  }
  writeJson(path.join(root, 'tsconfig.base.json'), { compilerOptions: { baseUrl: '.', paths } });
}

function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' };
  delete env.NX_WORKSPACE_ROOT_PATH; // would point Nx at another workspace
  return env;
}

describe('module boundaries (eslint.config.mjs)', () => {
  let workspace: string;
  let results: Map<string, LintMessage[]>;

  const cases = [
    { filePath: 'services/alpha/src/imports-service.ts', code: "import { value } from '@mate/beta';\nexport const x = value;\n" },
    { filePath: 'services/alpha/src/imports-lib.ts', code: "import { value } from '@mate/gamma';\nexport const x = value;\n" },
    { filePath: 'libs/gamma/src/imports-service.ts', code: "import { value } from '@mate/alpha';\nexport const x = value;\n" },
    { filePath: 'services/alpha/src/imports-test-support.ts', code: "import { value } from '@mate/delta';\nexport const x = value;\n" },
    { filePath: 'services/alpha/src/uses-test-support.spec.ts', code: "import { value } from '@mate/delta';\nexport const x = value;\n" },
    { filePath: 'services/alpha/test/uses-test-support.int-spec.ts', code: "import { value } from '@mate/delta';\nexport const x = value;\n" },
    { filePath: 'tests/delta/src/imports-service.ts', code: "import { value } from '@mate/alpha';\nexport const x = value;\n" },
  ];

  beforeAll(() => {
    workspace = mkdtempSync(path.join(tmpdir(), 'mate-boundaries-'));
    populateWorkspace(workspace);
    const nxBin = path.join(path.dirname(require.resolve('nx/package.json')), 'dist/bin/nx.js');
    const projects = execFileSync(process.execPath, [nxBin, 'show', 'projects', '--json'], { cwd: workspace, env: childEnv(), encoding: 'utf8' });
    expect((JSON.parse(projects) as string[]).sort()).toEqual(['@mate/alpha', '@mate/beta', '@mate/delta', '@mate/gamma']);
    // Without it the rule warns "No cached ProjectGraph is available" and skips every file.
    expect(existsSync(path.join(workspace, '.nx/workspace-data/project-graph.json'))).toBe(true);

    const output = execFileSync(process.execPath, [path.join(__dirname, 'lint-text.cjs')], {
      cwd: workspace,
      env: childEnv(),
      input: JSON.stringify(cases),
      encoding: 'utf8',
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    results = new Map((JSON.parse(output) as LintResult[]).map((r) => [r.filePath, r.messages]));
  }, 60_000);

  afterAll(() => {
    if (workspace) rmSync(workspace, { recursive: true, force: true });
  });

  it('rejects a service importing another service', () => {
    expect(results.get('services/alpha/src/imports-service.ts')).toEqual([
      expect.objectContaining({
        ruleId: RULE,
        severity: 2,
        message: 'A project tagged with "type:service" can only depend on libs tagged with "type:lib"',
      }),
    ]);
  });

  it('accepts a service importing a lib', () => {
    expect(results.get('services/alpha/src/imports-lib.ts')).toEqual([]);
  });

  it('rejects a lib importing a service', () => {
    expect(results.get('libs/gamma/src/imports-service.ts')).toEqual([
      expect.objectContaining({
        ruleId: RULE,
        severity: 2,
        message: 'A project tagged with "type:lib" can only depend on libs tagged with "type:lib"',
      }),
    ]);
  });

  it('rejects production code of a service importing a test support package', () => {
    expect(results.get('services/alpha/src/imports-test-support.ts')).toEqual([
      expect.objectContaining({
        ruleId: RULE,
        severity: 2,
        message: 'A project tagged with "type:service" can only depend on libs tagged with "type:lib"',
      }),
    ]);
  });

  it('accepts tests of a service importing a test support package', () => {
    expect(results.get('services/alpha/src/uses-test-support.spec.ts')).toEqual([]);
    expect(results.get('services/alpha/test/uses-test-support.int-spec.ts')).toEqual([]);
  });

  it('rejects a test support package importing a service', () => {
    expect(results.get('tests/delta/src/imports-service.ts')).toEqual([
      expect.objectContaining({
        ruleId: RULE,
        severity: 2,
        message: 'A project tagged with "type:test-support" can only depend on libs tagged with "type:lib"',
      }),
    ]);
  });
});
