import { summarize, type JestRun } from './test-summary';

const suite = (name: string, status: string, tests: string[]) => ({ name, status, assertionResults: tests.map((s) => ({ status: s })) });

describe('the closing test summary line', () => {
  it('adds up passed, failed and skipped tests over the runs', () => {
    const unit: JestRun = { numPassedTests: 5, numFailedTests: 1, numPendingTests: 2, testResults: [suite('a.spec.ts', 'failed', ['passed', 'failed'])] };
    const integration: JestRun = { numPassedTests: 3, numFailedTests: 0, numPendingTests: 0, testResults: [suite('b.int-spec.ts', 'passed', ['passed'])] };
    expect(summarize([{ label: 'unit', run: unit }, { label: 'integration', run: integration }])).toEqual(['tests: 8 passed, 1 failed, 2 skipped']);
  });

  it('counts a suite that failed to load (no failing test in it) as failed, and names it', () => {
    const unit: JestRun = { numPassedTests: 7, numFailedTests: 0, numPendingTests: 0, testResults: [suite('/repo/broken.spec.ts', 'failed', []), suite('ok.spec.ts', 'passed', ['passed'])] };
    expect(summarize([{ label: 'unit', run: unit }])).toEqual(['tests: 7 passed, 1 failed, 0 skipped', 'unit: suite failed to load or to finish: /repo/broken.spec.ts']);
  });

  it('counts a run that wrote no results as failed', () => {
    expect(summarize([{ label: 'integration', run: undefined }])).toEqual([
      'tests: 0 passed, 1 failed, 0 skipped',
      'integration: no results (jest stopped before writing them)',
    ]);
  });
});
