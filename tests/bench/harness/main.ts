import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { testDatabaseServerUrl, testKafkaBrokers } from '@mate/testing';
import { Kafka, logLevel } from 'kafkajs';
import { benchmarks } from '../benchmarks';
import { machineInfo } from './machine';
import {
  goalMet,
  mergeReports,
  parseRecorded,
  renderGenerated,
  replaceGenerated,
  writeJson,
  type BenchmarkReport,
  type ResultsFile,
  type RunInfo,
} from './report';
import type { Benchmark, BenchContext, BenchmarkResult, RunOptions } from './types';

const REPO_ROOT = resolve(__dirname, '../../..');
const DOCS = resolve(REPO_ROOT, 'docs/benchmarks.md');
const OUTPUT = resolve(REPO_ROOT, '.local/bench');

const USAGE = `npm run bench [-- options]

  --smoke         tiny sizes, one repetition, seconds; writes .local/bench/smoke.json only
                  (keeps the harness from rotting; says nothing about speed)
  --only B1,B2    run only these benchmarks (repeatable); other rows of docs/benchmarks.md stay
  --reps N        measured repetitions per side (default 5; smoke 1)
  --list          list the benchmarks
  --help

Broker: KAFKA_BROKERS, else 127.0.0.1:$KAFKA_PORT (9092). Database server: DATABASE_URL.
Full runs write .local/bench/latest.json and regenerate the marked section of docs/benchmarks.md.`;

function log(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

export async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      smoke: { type: 'boolean', default: false },
      only: { type: 'string', multiple: true },
      reps: { type: 'string' },
      list: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (values.list) {
    for (const benchmark of benchmarks) process.stdout.write(`${benchmark.id}\t${benchmark.title}\n`);
    return 0;
  }
  const wanted = (values.only ?? []).flatMap((value) => value.split(',')).map((id) => id.trim().toUpperCase()).filter(Boolean);
  const unknown = wanted.filter((id) => !benchmarks.some((benchmark) => benchmark.id.toUpperCase() === id));
  if (unknown.length > 0) {
    throw new Error(`unknown benchmark ${unknown.join(', ')}; known: ${benchmarks.map((b) => b.id).join(', ')}`);
  }
  const selected = wanted.length === 0 ? benchmarks : benchmarks.filter((b) => wanted.includes(b.id.toUpperCase()));
  const reps = values.reps === undefined ? undefined : Number(values.reps);
  if (reps !== undefined && !(Number.isInteger(reps) && reps > 0)) throw new Error(`--reps needs a positive integer`);
  const smoke = values.smoke ?? false;

  const brokers = testKafkaBrokers();
  const databaseServerUrl = testDatabaseServerUrl();
  const kafka = new Kafka({ clientId: 'mate-bench', brokers, logLevel: logLevel.ERROR });
  const results = new Map<string, BenchmarkResult>();
  /** Repetitions of the running benchmark that failed once and were run again. */
  const retries: string[] = [];
  const ctx: BenchContext = {
    brokers,
    databaseServerUrl,
    kafka,
    log,
    noteRetry: (label, error) => retries.push(`${label} (${error instanceof Error ? error.message : String(error)})`),
    resultOf: (id) => results.get(id),
  };

  const run: RunInfo = {
    date: new Date().toISOString(),
    command: `npm run bench${argv.length > 0 ? ` -- ${argv.join(' ')}` : ''}`,
    mode: smoke ? 'smoke' : 'full',
    machine: await machineInfo(databaseServerUrl),
  };
  log(`${run.mode} run of ${selected.map((b) => b.id).join(', ')} on ${brokers.join(',')}`);

  const reports: BenchmarkReport[] = [];
  const failed: string[] = [];
  for (const benchmark of selected) {
    retries.length = 0;
    const report = await runBenchmark(benchmark, ctx, { smoke, reps }, retries, run);
    if (report) {
      results.set(benchmark.id, report.result);
      reports.push(report);
    } else {
      failed.push(benchmark.id);
    }
  }

  const file: ResultsFile = { run, benchmarks: reports };
  if (smoke) {
    writeJson(resolve(OUTPUT, 'smoke.json'), file);
    log(`wrote .local/bench/smoke.json (smoke: docs/benchmarks.md untouched)`);
  } else {
    writeJson(resolve(OUTPUT, 'latest.json'), file);
    writeJson(resolve(OUTPUT, 'history', `${run.date.replace(/[:.]/g, '-')}.json`), file);
    if (reports.length > 0) {
      const existing = existsSync(DOCS) ? readFileSync(DOCS, 'utf8') : undefined;
      const merged = mergeReports(parseRecorded(existing), reports);
      writeFileSync(DOCS, replaceGenerated(existing, renderGenerated(merged)));
      log(`wrote .local/bench/latest.json and regenerated docs/benchmarks.md (${merged.map((r) => r.id).join(', ')})`);
    }
  }
  if (smoke) process.stdout.write('Smoke run: tiny sizes and one repetition; these numbers say nothing about speed.\n');
  process.stdout.write(`${renderGenerated(reports).split('\n').filter((line) => line.startsWith('|')).join('\n')}\n`);
  if (failed.length > 0) log(`failed: ${failed.join(', ')}`);
  return failed.length > 0 ? 1 : 0;
}

/** Runs one benchmark and logs its headline; undefined (logged) when it threw. */
async function runBenchmark(
  benchmark: Benchmark,
  ctx: BenchContext,
  options: RunOptions,
  retries: readonly string[],
  run: RunInfo,
): Promise<BenchmarkReport | undefined> {
  log(`${benchmark.id}: ${benchmark.title}`);
  const started = Date.now();
  try {
    const result = withRetriesNoted(await benchmark.run(ctx, options), retries);
    const report: BenchmarkReport = {
      id: benchmark.id,
      title: benchmark.title,
      goal: benchmark.goal,
      goalMet: goalMet(benchmark.goal, result),
      durationS: (Date.now() - started) / 1000,
      result,
      run,
    };
    const [headline] = result.figures;
    log(
      `${benchmark.id} done in ${Math.round(report.durationS)} s: ${headline?.name} subject ${headline?.subject.median.toFixed(1)} ` +
        `vs baseline ${headline?.baseline.median.toFixed(1)} ${headline?.unit} (ratio ${headline?.ratio.toFixed(3)}); goal met: ${report.goalMet}`,
    );
    return report;
  } catch (error) {
    log(`${benchmark.id} FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return undefined;
  }
}

/** The result with a note naming the repetitions that failed once and were run again, if any. */
function withRetriesNoted(result: BenchmarkResult, retries: readonly string[]): BenchmarkResult {
  if (retries.length === 0) return result;
  return { ...result, notes: [...result.notes, `Failed once and run again: ${retries.join('; ')}.`] };
}
