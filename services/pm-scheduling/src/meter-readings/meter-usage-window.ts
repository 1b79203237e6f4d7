import type { MeterReading } from '../schedule';

/** The window the usage rate is measured over: the readings of about the last 30 days. */
export const USAGE_WINDOW_MS = 30 * 86_400_000;

/** A meter's usage window: its first and last lifetime total, from which a rate follows. */
export interface UsageWindow {
  meterId: string;
  assetId: string;
  unit: string;
  windowStartTotal: number;
  windowStartAt: Date;
  lastTotal: number;
  lastReadAt: Date;
}

export type CumulativeReading = MeterReading & { assetId: string; lifetimeTotal: number };

/**
 * The window after a reading. A newer reading moves the end; once the window is longer than 30
 * days its start moves up to the previous end, so the rate follows recent usage. A reading at or
 * before the window's end (redelivered, late) leaves it as it is.
 */
export function usageWindowAfter(window: UsageWindow | undefined, reading: CumulativeReading): UsageWindow {
  const { meterId, assetId, unit, lifetimeTotal, readAt } = reading;
  if (!window) return { meterId, assetId, unit, windowStartTotal: lifetimeTotal, windowStartAt: readAt, lastTotal: lifetimeTotal, lastReadAt: readAt };
  if (readAt.getTime() <= window.lastReadAt.getTime()) return window;
  const restart = window.windowStartAt.getTime() < readAt.getTime() - USAGE_WINDOW_MS;
  return {
    ...window,
    unit,
    windowStartTotal: restart ? window.lastTotal : window.windowStartTotal,
    windowStartAt: restart ? window.lastReadAt : window.windowStartAt,
    lastTotal: lifetimeTotal,
    lastReadAt: readAt,
  };
}
