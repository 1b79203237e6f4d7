import { existsSync, readFileSync } from 'node:fs';

/** The parts of jest's `--json` output the summary reads. */
export interface JestRun {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  testResults: Array<{ name: string; status: string; message?: string; assertionResults: Array<{ status: string }> }>;
}

/**
 * One closing line over the runs, in the plain form any CI reader understands, then the suites
 * that failed without a failing test (they did not load, or a hook outside the tests threw): each
 * counts as one failed test, since their tests never ran. A run without results (jest did not get
 * as far as writing them) counts as one failure too.
 */
export function summarize(runs: Array<{ label: string; run: JestRun | undefined }>): string[] {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const notes: string[] = [];
  for (const { label, run } of runs) {
    if (!run) {
      failed += 1;
      notes.push(`${label}: no results (jest stopped before writing them)`);
      continue;
    }
    passed += run.numPassedTests;
    failed += run.numFailedTests;
    skipped += run.numPendingTests;
    for (const suite of run.testResults) {
      if (suite.status === 'failed' && !suite.assertionResults.some((test) => test.status === 'failed')) {
        failed += 1;
        notes.push(`${label}: suite failed to load or to finish: ${suite.name}`);
      }
    }
  }
  return [`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`, ...notes];
}

/** `node -r @swc-node/register tools/dev/test-summary.ts <label>=<results.json>...` */
if (require.main === module) {
  const runs = process.argv.slice(2).map((argument) => {
    const [label, file] = argument.split('=');
    return { label, run: existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as JestRun) : undefined };
  });
  process.stdout.write(`\n${summarize(runs).join('\n')}\n`);
}
