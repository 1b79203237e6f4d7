import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The docs stand alone and their code is real: nothing in the repository points outside it, and
 * every TypeScript example in docs/ is an excerpt of a file the typecheck and the tests cover.
 *
 * A ```ts block starts with `// <path of a .ts file>`; its other lines appear in that file in the
 * same order (indentation aside), and a line `// …` marks what the excerpt leaves out. A further
 * `// <path>` line moves on to another file. So an example cannot name a column, a method or an
 * option that the code does not have.
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

/** What is wrong with a snippet, or an empty list when it is a faithful excerpt. */
function excerptProblems({ lines }: Snippet): string[] {
  const [first = ''] = lines;
  if (!FILE_LINE.test(first.trim())) return [`starts with "${first}", not "// <path of the file it comes from>"`];
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

describe('docs', () => {
  const docs = repositoryFiles().filter((file) => file.startsWith('docs/') && file.endsWith('.md'));
  const snippets = docs.flatMap(snippetsOf);

  it('has TypeScript examples to check', () => {
    expect(snippets.length).toBeGreaterThan(0);
  });

  it.each(snippets.map((snippet) => [`${snippet.doc}:${snippet.line}`, snippet] as const))(
    '%s is an excerpt of a real file',
    (_where, snippet) => {
      expect(excerptProblems(snippet)).toEqual([]);
    },
  );

  it('finds a line that the file does not have, and one out of order', () => {
    const made = (lines: string[]): Snippet => ({ doc: 'made-up.md', line: 1, lines });
    const self = '// tests/docs/docs.spec.ts';
    expect(excerptProblems(made([self, "const ROOT = join(__dirname, '../..');", '// …', 'return snippets;']))).toEqual([]);
    expect(excerptProblems(made([self, 'const ROOT = somewhereElse;']))).toHaveLength(1);
    expect(excerptProblems(made([self, 'return snippets;', "const ROOT = join(__dirname, '../..');"]))).toHaveLength(1);
    expect(excerptProblems(made(['const a = 1;']))).toHaveLength(1);
  });

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
      (file) => !file.endsWith('package-lock.json') && existsSync(join(ROOT, file)) && outside.test(readFileSync(join(ROOT, file), 'utf8')),
    );
    expect(pointing).toEqual([]);
  });
});
