import type { Kafka } from 'kafkajs';

/** What a benchmark promises. A goal is checked against the benchmark's first figure. */
export interface BenchmarkGoal {
  description: string;
  /** Met when subject median / baseline median is at least this (a throughput-like figure). */
  ratioAtLeast?: number;
  /** Met when the subject median is at most this, in the figure's unit (a latency-like figure). */
  maxValue?: number;
}

/** Median, min and max over the repetitions of one side, and the per-repetition samples. */
export interface Summary {
  median: number;
  min: number;
  max: number;
  samples: number[];
}

/** One measured figure, subject and baseline side by side. */
export interface Figure {
  name: string;
  unit: string;
  higherIsBetter: boolean;
  subject: Summary;
  baseline: Summary;
  /** subject median / baseline median. */
  ratio: number;
}

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export interface BenchmarkResult {
  /** The first figure is the one the goal applies to. */
  figures: Figure[];
  /** Sizes and settings of the run, shown next to the table. */
  parameters: Record<string, string | number | boolean>;
  /** Observations worth reading next to the numbers (stage breakdowns, bottlenecks). */
  notes: string[];
  /** Anything else, for the JSON file only. */
  details?: Record<string, JsonValue>;
}

export interface RunOptions {
  /** Tiny sizes and one repetition: keeps the harness from rotting, says nothing about speed. */
  smoke: boolean;
  /** Overrides the benchmark's own number of measured repetitions. */
  reps?: number;
}

export interface BenchContext {
  brokers: string[];
  /** Admin/owner URL of the PostgreSQL server (DATABASE_URL, else the local default). */
  databaseServerUrl: string;
  /** A quiet kafkajs client for admin work and raw baselines. */
  kafka: Kafka;
  log(message: string): void;
  /** Records a repetition that failed and was run again: it is listed in the benchmark's notes. */
  noteRetry(label: string, error: unknown): void;
  /** The result of a benchmark that already ran in this invocation. */
  resultOf(id: string): BenchmarkResult | undefined;
}

export interface Benchmark {
  /** `B1`, `B2`, ...: the `--only` selector and the row key in docs/benchmarks.md. */
  id: string;
  title: string;
  goal: BenchmarkGoal;
  run(ctx: BenchContext, options: RunOptions): Promise<BenchmarkResult>;
}
