import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

export interface OpenLoopOptions {
  intervalMs: number;
  durationMs: number;
  /** Started at its scheduled time whether or not earlier ticks finished (open loop). */
  tick: (index: number) => Promise<void>;
}

export interface OpenLoopRun {
  ticks: number;
  /** How late each tick started against its schedule, in ms (timer and event-loop delay). */
  lateness: number[];
  elapsedMs: number;
}

/**
 * Open-loop pacing: tick i is due at start + i × interval and starts then even if earlier ticks
 * are still running, so a slow system under test builds a queue instead of quietly lowering the
 * offered rate (closed loop would hide the queueing delay, "coordinated omission").
 * Resolves when every tick finished; the first failing tick stops the schedule and is rethrown.
 */
export async function runOpenLoop(options: OpenLoopOptions): Promise<OpenLoopRun> {
  const lateness: number[] = [];
  const pending: Array<Promise<void>> = [];
  const errors: unknown[] = [];
  const start = performance.now();
  for (let index = 0; errors.length === 0; ) {
    const due = start + index * options.intervalMs;
    if (due - start >= options.durationMs) break;
    const now = performance.now();
    if (due > now) {
      await sleep(due - now);
      continue;
    }
    lateness.push(now - due);
    pending.push(options.tick(index).catch((error: unknown) => void errors.push(error)));
    index += 1;
  }
  await Promise.all(pending);
  if (errors.length > 0) throw errors[0];
  return { ticks: lateness.length, lateness, elapsedMs: performance.now() - start };
}
