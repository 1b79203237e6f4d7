import {
  encodeForComment,
  GENERATED_END,
  GENERATED_START,
  goalMet,
  mergeReports,
  parseRecorded,
  renderGenerated,
  replaceGenerated,
  type BenchmarkReport,
} from './report';
import { figure } from './stats';
import { runInterleaved } from './interleave';

function report(id: string, subject: number[], baseline: number[], date = '2026-01-01T00:00:00.000Z'): BenchmarkReport {
  return {
    id,
    title: `benchmark ${id}`,
    goal: { description: 'a quarter of raw', ratioAtLeast: 0.25 },
    goalMet: null,
    durationS: 12,
    result: {
      figures: [figure('throughput', 'events/s', true, subject, baseline)],
      parameters: { events: 100 },
      notes: ['a note'],
      details: { big: [1, 2, 3] },
    },
    run: {
      date,
      command: 'npm run bench -- --only B1',
      mode: 'full',
      machine: { cpuModel: 'cpu', cores: 2, memoryGiB: 4, os: 'os', node: 'v20', kafka: '4.1.1', postgres: '15' },
    },
  };
}

describe('benchmark report', () => {
  it('checks ratio and absolute goals against the first figure', () => {
    const result = report('B1', [300], [1000]).result;
    expect(goalMet({ description: '', ratioAtLeast: 0.25 }, result)).toBe(true);
    expect(goalMet({ description: '', ratioAtLeast: 0.5 }, result)).toBe(false);
    expect(goalMet({ description: '', maxValue: 300 }, result)).toBe(true);
    expect(goalMet({ description: '', maxValue: 299 }, result)).toBe(false);
    expect(goalMet({ description: '' }, result)).toBeNull();
  });

  it('replaces only the generated section and keeps hand-written notes around it', () => {
    const before = `# Benchmarks\n\nHand-written intro.\n\n${GENERATED_START}\nold table\n${GENERATED_END}\n\n## Notes\n\nKeep me.\n`;
    const generated = renderGenerated([report('B1', [300], [1000])]);
    const after = replaceGenerated(before, generated);
    expect(after).toContain('Hand-written intro.');
    expect(after).toContain('## Notes\n\nKeep me.\n');
    expect(after).not.toContain('old table');
    expect(after).toContain('| B1 |');
    // Idempotent: regenerating again gives the same text.
    expect(replaceGenerated(after, generated)).toBe(after);
  });

  it('appends the section when the markers are missing, creates a document when there is none', () => {
    const generated = renderGenerated([report('B1', [300], [1000])]);
    expect(replaceGenerated('# Mine\n', generated)).toBe(`# Mine\n\n${generated}\n`);
    expect(replaceGenerated(undefined, generated)).toContain(GENERATED_START);
  });

  it('round-trips the recorded reports through the document, without details, so --only keeps other rows', () => {
    const b1 = report('B1', [300], [1000]);
    const b10 = report('B10', [1], [2]);
    const b2 = report('B2', [5], [1]);
    const doc = replaceGenerated(undefined, renderGenerated([b10, b1, b2]));
    const recorded = parseRecorded(doc);
    expect(recorded.map((r) => r.id)).toEqual(['B1', 'B2', 'B10']);
    expect(recorded[0].result.details).toBeUndefined();
    expect(recorded[0].run.command).toBe('npm run bench -- --only B1');
    const fresh = report('B2', [7], [1], '2026-02-02T00:00:00.000Z');
    const merged = mergeReports(recorded, [fresh]);
    expect(merged.map((r) => [r.id, r.run.date])).toEqual([
      ['B1', '2026-01-01T00:00:00.000Z'],
      ['B2', '2026-02-02T00:00:00.000Z'],
      ['B10', '2026-01-01T00:00:00.000Z'],
    ]);
    // Two runs in one document: each says which benchmarks it produced.
    expect(renderGenerated(merged)).toContain('Run of B1, B10');
  });

  it('never writes "--" inside the HTML comment that carries the data', () => {
    const encoded = encodeForComment({ command: 'npm run bench -- --only B1', dashes: '---->' });
    expect(encoded).not.toContain('--');
    expect(JSON.parse(encoded)).toEqual({ command: 'npm run bench -- --only B1', dashes: '---->' });
  });
});

describe('interleaved repetitions', () => {
  it('runs warm-up pairs first, then baseline and subject alternately, and keeps only measured samples', async () => {
    let calls = 0;
    const samples = await runInterleaved({
      warmup: 1,
      reps: 3,
      baseline: async (rep) => `b${rep.warmup ? 'w' : ''}${rep.index}:${++calls}`,
      subject: async (rep) => `s${rep.warmup ? 'w' : ''}${rep.index}:${++calls}`,
    });
    expect(samples.order).toEqual([
      'warmup baseline 1',
      'warmup subject 1',
      'baseline 1',
      'subject 1',
      'baseline 2',
      'subject 2',
      'baseline 3',
      'subject 3',
    ]);
    expect(samples.baseline).toEqual(['b1:3', 'b2:5', 'b3:7']);
    expect(samples.subject).toEqual(['s1:4', 's2:6', 's3:8']);
  });

  it('runs a failed repetition once more and reports it; a second failure ends the run', async () => {
    const retried: string[] = [];
    let subjectCalls = 0;
    const samples = await runInterleaved({
      warmup: 0,
      reps: 2,
      baseline: async (rep) => `b${rep.index}`,
      subject: async (rep) => {
        subjectCalls += 1;
        if (subjectCalls === 1) throw new Error('deadlock detected');
        return `s${rep.index}`;
      },
      onRetry: (label, error) => retried.push(`${label}: ${(error as Error).message}`),
    });
    expect(samples.subject).toEqual(['s1', 's2']);
    expect(retried).toEqual(['subject 1: deadlock detected']);

    const failing = runInterleaved({
      warmup: 0,
      reps: 1,
      baseline: async () => 'b',
      subject: async () => {
        throw new Error('still broken');
      },
    });
    await expect(failing).rejects.toThrow('still broken');
  });
});
