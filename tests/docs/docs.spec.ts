import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

/**
 * The docs stand alone and their code is real: nothing in the repository points outside it, and
 * every TypeScript example in docs/ either compiles or is an excerpt of a file that does.
 *
 * - An excerpt starts with `// <path of a .ts file>`; its other lines appear in that file in the
 *   same order (indentation aside), and a line `// …` marks what it leaves out. A further
 *   `// <path>` line moves on to another file.
 * - Any other ```ts block is a complete module: it is type-checked as a file of the repository
 *   (strict, the `@mate/*` paths), so its imports must be there too.
 *
 * Either way an example cannot name a column, a method or an option that the code does not have.
 */
const ROOT = join(__dirname, '../..');
const FILE_LINE = /^\/\/ ([\w@./-]+\.ts)$/;
const OMISSION = /^(\/\/ )?…$/;

interface Snippet {
  doc: string;
  line: number;
  lines: string[];
}

/** The repository's files, those not committed yet included (ignored ones, e.g. node_modules, not). */
function repositoryFiles(): string[] {
  return execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' })
    .split('\n')
    .filter(Boolean);
}

/** A file, not a folder or a link to one (a linked node_modules is listed as untracked). */
function isFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile();
}

function snippetsOf(doc: string): Snippet[] {
  const snippets: Snippet[] = [];
  let current: Snippet | undefined;
  readFileSync(join(ROOT, doc), 'utf8')
    .split('\n')
    .forEach((text, index) => {
      if (current === undefined && /^```(ts|typescript)\s*$/.test(text)) current = { doc, line: index + 1, lines: [] };
      else if (current !== undefined && text.startsWith('```')) {
        snippets.push(current);
        current = undefined;
      } else current?.lines.push(text);
    });
  return snippets;
}

function isExcerpt({ lines }: Snippet): boolean {
  return FILE_LINE.test((lines[0] ?? '').trim());
}

/** What is wrong with an excerpt, or an empty list when it is faithful to its files. */
function excerptProblems({ lines }: Snippet): string[] {
  const problems: string[] = [];
  let file: string[] = [];
  let after = -1;
  for (const raw of lines) {
    const text = raw.trim();
    const source = FILE_LINE.exec(text)?.[1];
    if (source !== undefined && existsSync(join(ROOT, source))) {
      file = readFileSync(join(ROOT, source), 'utf8').split('\n').map((line) => line.trim());
      after = -1;
    } else if (source !== undefined) {
      problems.push(`${source} does not exist`);
    } else if (text !== '' && !OMISSION.test(text)) {
      const found = file.findIndex((line, index) => index > after && line === text);
      if (found < 0) problems.push(`not in the file (or not in this order): ${text}`);
      else after = found;
    }
  }
  return problems;
}

/** The compiler's errors in each complete example, by `doc:line` (an empty list when it compiles). */
function compileProblems(modules: readonly Snippet[]): Map<string, string[]> {
  const folder = join(ROOT, '.local', 'doc-examples');
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  const files = new Map(modules.map((snippet) => [join(folder, `${snippet.doc.replace(/\W/g, '_')}_${snippet.line}.ts`), snippet]));
  for (const [file, snippet] of files) writeFileSync(file, `${snippet.lines.join('\n')}\n`);
  const { config } = ts.readConfigFile(join(ROOT, 'tsconfig.base.json'), ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config, ts.sys, ROOT);
  const program = ts.createProgram([...files.keys()], { ...options, noEmit: true });
  const problems = new Map([...files.values()].map((snippet) => [`${snippet.doc}:${snippet.line}`, [] as string[]]));
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const snippet = diagnostic.file ? files.get(diagnostic.file.fileName) : undefined;
    const where = snippet ? `${snippet.doc}:${snippet.line}` : 'outside the examples';
    const line = diagnostic.file && diagnostic.start !== undefined ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line + 1 : 0;
    const text = `line ${line}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
    problems.set(where, [...(problems.get(where) ?? []), text]);
  }
  return problems;
}

describe('docs', () => {
  const docs = repositoryFiles().filter((file) => file.startsWith('docs/') && file.endsWith('.md'));
  const snippets = docs.flatMap(snippetsOf);

  it('has TypeScript examples to check', () => {
    expect(snippets.length).toBeGreaterThan(0);
  });

  const excerpts = snippets.filter(isExcerpt);
  const modules = snippets.filter((snippet) => !isExcerpt(snippet));

  it.each(excerpts.map((snippet) => [`${snippet.doc}:${snippet.line}`, snippet] as const))('%s is an excerpt of a real file', (_where, snippet) => {
    expect(excerptProblems(snippet)).toEqual([]);
  });

  it('every complete example compiles', () => {
    const problems = compileProblems(modules);
    expect([...problems].filter(([, errors]) => errors.length > 0)).toEqual([]);
  }, 120_000);

  it('finds a line that the file does not have, and one out of order', () => {
    const made = (lines: string[]): Snippet => ({ doc: 'made-up.md', line: 1, lines });
    const self = '// tests/docs/docs.spec.ts';
    expect(excerptProblems(made([self, "const ROOT = join(__dirname, '../..');", '// …', 'return snippets;']))).toEqual([]);
    expect(excerptProblems(made([self, 'const ROOT = somewhereElse;']))).toHaveLength(1);
    expect(excerptProblems(made([self, 'return snippets;', "const ROOT = join(__dirname, '../..');"]))).toHaveLength(1);
    expect(isExcerpt(made(['const a = 1;']))).toBe(false);
  });

  it('finds the type error of a complete example', () => {
    const made = (line: number, lines: string[]): Snippet => ({ doc: 'made-up.md', line, lines });
    const problems = compileProblems([
      made(1, ["import { topicFor } from '@mate/contracts';", "export const topic: string = topicFor('assets');"]),
      made(2, ["import { topicFor } from '@mate/contracts';", "export const topic: number = topicFor('assets');"]),
    ]);
    expect(problems.get('made-up.md:1')).toEqual([]);
    expect(problems.get('made-up.md:2')).toEqual([expect.stringContaining("Type 'string' is not assignable to type 'number'")]);
  }, 120_000);

  it('names only files and folders that exist', () => {
    // `services/x/y.ts`-like names in backticks; placeholders (`<name>`, `*`, `{id}`) are not paths.
    const named = [...docs, 'README.md'].flatMap((doc) =>
      [...readFileSync(join(ROOT, doc), 'utf8').matchAll(/`((?:services|libs|tools|tests|deploy|proto|docs)\/[\w./-]+)`/g)].map(
        ([, path]) => `${doc}: ${path}`,
      ),
    );
    expect(named.filter((entry) => !existsSync(join(ROOT, entry.split(': ')[1])))).toEqual([]);
  });

  it('nothing in the repository points outside it', () => {
    // Spelled in pieces so that this file does not match itself.
    const outside = new RegExp(['platform', '\\.md|shared/', 'reference|\\.\\./', 'shared'].join(''));
    const pointing = repositoryFiles().filter(
      (file) => !file.endsWith('package-lock.json') && isFile(join(ROOT, file)) && outside.test(readFileSync(join(ROOT, file), 'utf8')),
    );
    expect(pointing).toEqual([]);
  });
});
