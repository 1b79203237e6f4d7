import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from './build';

// Fixtures live in the repository (git-ignored .local/), as services do: the paths and node_modules
// resolve from there.
const ROOT = resolve(__dirname, '../..');

describe('tools/build', () => {
  const work = join(ROOT, '.local', `build-spec-${randomBytes(4).toString('hex')}`);
  const outDir = join(work, 'dist');
  const source = (name: string, text: string): string => {
    const file = join(work, 'src', name);
    writeFileSync(file, text);
    return file;
  };

  beforeAll(() => mkdirSync(join(work, 'src'), { recursive: true }));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('compiles an entry and what it reaches, with decorator metadata and @mate/* as relative requires', () => {
    source('helper.ts', 'export class Helper {}\n');
    const entry = source(
      'main.ts',
      [
        "import 'reflect-metadata';",
        "import { Injectable } from '@nestjs/common';",
        "import { TOPICS } from '@mate/contracts';",
        "import { Helper } from './helper';",
        '@Injectable()',
        'export class Probe {',
        '  constructor(readonly helper: Helper) {}',
        '}',
        'export const topicCount = TOPICS.length;',
      ].join('\n'),
    );

    const result = build(outDir, [entry]);

    const prefix = work.slice(ROOT.length + 1);
    expect(result.sources).toEqual(
      expect.arrayContaining([`${prefix}/src/main.ts`, `${prefix}/src/helper.ts`, 'libs/contracts/src/index.ts']),
    );
    expect(result.sources.some((file) => file.startsWith('libs/contracts/src/gen/'))).toBe(true);
    const compiledMain = join(outDir, prefix, 'src/main.js');
    expect(readFileSync(compiledMain, 'utf8')).not.toContain('@mate/');
    const map = JSON.parse(readFileSync(`${compiledMain}.map`, 'utf8')) as { sourcesContent: string[] };
    expect(map.sourcesContent[0]).toContain('class Probe');

    // Plain node, no hook: the constructor's parameter types are there for Nest's injector.
    const check = [
      `const main = require(${JSON.stringify(compiledMain)});`,
      `const { Helper } = require(${JSON.stringify(join(outDir, prefix, 'src/helper.js'))});`,
      "const types = Reflect.getMetadata('design:paramtypes', main.Probe);",
      "process.stdout.write(String(types[0] === Helper && main.topicCount > 0));",
    ].join('\n');
    expect(execFileSync(process.execPath, ['-e', check], { cwd: ROOT, encoding: 'utf8', env: { PATH: process.env.PATH } })).toBe(
      'true',
    );
  });

  it('fails on requires that would break at runtime, listing each', () => {
    const entry = source('broken.ts', ["import './missing';", "import '@mate/unknown';", "import 'supertest';"].join('\n'));

    expect(() => build(outDir, [entry])).toThrow(
      expect.objectContaining({
        message: expect.stringMatching(
          /require\("\.\/missing"\) matches no TypeScript file[\s\S]*require\("@mate\/unknown"\) was not rewritten[\s\S]*"supertest" is not installed by npm ci --omit=dev/,
        ),
      }),
    );
  });
});
