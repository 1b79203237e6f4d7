import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay, performance, type EventLoopUtilization } from 'node:perf_hooks';

export interface ResourceUsage {
  /** CPU time of this Node process / wall time; 1.0 = one core busy (it can exceed 1 with GC/libuv threads). */
  processCores: number;
  /** Share of the time the event loop was busy (0..1); near 1 means this process's one JS thread was the limit. */
  eventLoopUtilization: number;
  /** p99 event-loop delay in ms: how late timers and I/O callbacks ran (also an error bar on in-process timestamps). */
  eventLoopDelayP99Ms: number;
  /** Busy share of all cores of the machine (Linux /proc/stat), or null elsewhere. */
  machineCpu: number | null;
}

function machineTicks(): { busy: number; total: number } | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
    const fields = line.trim().split(/\s+/).slice(1).map(Number);
    const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
    const total = fields.reduce((sum, value) => sum + value, 0);
    return { busy: total - idle, total };
  } catch {
    return null;
  }
}

/** Measures what a repetition cost this process and the machine, to tell where the limit was. */
export function startResourceMeter(): { stop(): ResourceUsage } {
  const wallStart = performance.now();
  const cpuStart = process.cpuUsage();
  const eluStart: EventLoopUtilization = performance.eventLoopUtilization();
  const ticksStart = machineTicks();
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  return {
    stop() {
      delay.disable();
      const wallMs = performance.now() - wallStart;
      const cpu = process.cpuUsage(cpuStart);
      const elu = performance.eventLoopUtilization(eluStart);
      const ticksEnd = machineTicks();
      const machineCpu =
        ticksStart && ticksEnd && ticksEnd.total > ticksStart.total
          ? (ticksEnd.busy - ticksStart.busy) / (ticksEnd.total - ticksStart.total)
          : null;
      return {
        processCores: (cpu.user + cpu.system) / 1000 / wallMs,
        eventLoopUtilization: elu.utilization,
        eventLoopDelayP99Ms: delay.percentile(99) / 1e6,
        machineCpu,
      };
    },
  };
}
