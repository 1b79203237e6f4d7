export interface Repetition {
  /** 1-based among measured repetitions; 1-based among warm-ups while `warmup`. */
  index: number;
  warmup: boolean;
}

export interface InterleavedOptions<T> {
  /** Discarded pairs run first (JIT, caches, connection pools, broker segment files). */
  warmup: number;
  reps: number;
  baseline: (rep: Repetition) => Promise<T>;
  subject: (rep: Repetition) => Promise<T>;
  log?: (message: string) => void;
  describe?: (value: T) => string;
  /** Told about a repetition that failed and was run again, for the benchmark's report. */
  onRetry?: (label: string, error: unknown) => void;
}

export interface InterleavedSamples<T> {
  baseline: T[];
  subject: T[];
  /** What ran, in order, e.g. `warmup baseline 1`, `baseline 1`, `subject 1`. */
  order: string[];
}

/**
 * Runs baseline and subject alternately, baseline first in every pair, so slow drift of the
 * machine (other load, thermal, a growing database) hits both sides alike:
 * warm-up baseline, warm-up subject, ..., baseline 1, subject 1, baseline 2, subject 2, ...
 * A repetition that throws is run once more (and reported through `onRetry`); a second failure
 * ends the benchmark.
 */
export async function runInterleaved<T>(options: InterleavedOptions<T>): Promise<InterleavedSamples<T>> {
  const samples: InterleavedSamples<T> = { baseline: [], subject: [], order: [] };
  const pairs = [
    ...Array.from({ length: options.warmup }, (_, i) => ({ index: i + 1, warmup: true })),
    ...Array.from({ length: options.reps }, (_, i) => ({ index: i + 1, warmup: false })),
  ];
  for (const rep of pairs) {
    for (const side of ['baseline', 'subject'] as const) {
      const label = `${rep.warmup ? 'warmup ' : ''}${side} ${rep.index}`;
      const value = await retriedOnce(label, () => options[side](rep), options);
      samples.order.push(label);
      options.log?.(`${label}${options.describe ? `: ${options.describe(value)}` : ''}`);
      if (!rep.warmup) samples[side].push(value);
    }
  }
  return samples;
}

async function retriedOnce<T>(label: string, repetition: () => Promise<T>, options: InterleavedOptions<T>): Promise<T> {
  try {
    return await repetition();
  } catch (error) {
    options.log?.(`${label} failed, running it once more: ${error instanceof Error ? error.message : String(error)}`);
    options.onRetry?.(label, error);
    return repetition();
  }
}
