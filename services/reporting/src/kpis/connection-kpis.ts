import { CONNECTION_STATES, type ConnectionState, type ConnectionStateFact } from './kpi-facts';
import { contains, type Period } from './kpi-period';
import { hours, ratio, uniqueSorted, type KpiBreakdownRow, type KpiCounts } from './kpi-figure';
import type { KpiFormula } from './kpi-computation';

/**
 * A reauthorization episode: from the transition into `reauth_required` until the connection works
 * again (connected or degraded). Pauses inside it belong to it (nobody reconnected meanwhile); a
 * deletion ends it unresolved.
 */
export interface ReauthEpisode {
  connectionId: string;
  start: number;
  /** When it was restored; null while waiting (or when the connection was deleted waiting). */
  restoredAt: number | null;
  /** When the connection was deleted while waiting: nobody waits after that. */
  deletedAt: number | null;
  intervalIds: string[];
}

const STATE_COUNT_NAMES: Record<ConnectionState, string> = {
  connected: 'connectedHours',
  degraded: 'degradedHours',
  reauth_required: 'reauthRequiredHours',
  paused: 'pausedHours',
};

const byConnectionThenStart = (a: ConnectionStateFact, b: ConnectionStateFact): number =>
  (a.connectionId < b.connectionId ? -1 : a.connectionId > b.connectionId ? 1 : 0) || a.startedAt - b.startedAt;

/** The reauthorization episodes of the connections, from their state intervals. */
export function reauthEpisodesOf(intervals: readonly ConnectionStateFact[]): ReauthEpisode[] {
  const episodes: ReauthEpisode[] = [];
  let current: ReauthEpisode | undefined;
  for (const interval of [...intervals].sort(byConnectionThenStart)) {
    if (current && current.connectionId !== interval.connectionId) current = undefined;
    const waiting = interval.state === 'reauth_required' || (current !== undefined && interval.state === 'paused');
    if (current && !waiting) {
      current.restoredAt = interval.startedAt;
      current = undefined;
    } else if (!current && interval.state === 'reauth_required') {
      current = { connectionId: interval.connectionId, start: interval.startedAt, restoredAt: null, deletedAt: null, intervalIds: [] };
      episodes.push(current);
    }
    if (current) {
      current.intervalIds.push(interval.intervalId);
      // Ended with no state after it: deleted (a later interval, if any, clears it below).
      current.deletedAt = interval.endedAt;
    }
  }
  for (const episode of episodes) if (episode.restoredAt !== null) episode.deletedAt = null;
  return episodes;
}

/** The time of an interval inside a window (an interval still open lasts until the window ends). */
function overlapMs(interval: ConnectionStateFact, window: Period): number {
  return Math.max(0, Math.min(interval.endedAt ?? window.to, window.to) - Math.max(interval.startedAt, window.from));
}

function stateHours(intervals: readonly ConnectionStateFact[], window: Period): { counts: KpiCounts; trackedMs: number; connectedMs: number } {
  const ms = new Map<ConnectionState, number>(CONNECTION_STATES.map((state) => [state, 0]));
  for (const interval of intervals) ms.set(interval.state, (ms.get(interval.state) ?? 0) + overlapMs(interval, window));
  const counts: KpiCounts = {};
  for (const state of CONNECTION_STATES) counts[STATE_COUNT_NAMES[state]] = hours(ms.get(state) ?? 0);
  const trackedMs = [...ms.values()].reduce((sum, value) => sum + value, 0);
  return { counts, trackedMs, connectedMs: ms.get('connected') ?? 0 };
}

function perConnection(intervals: readonly ConnectionStateFact[], episodes: readonly ReauthEpisode[], window: Period, period: Period): KpiBreakdownRow[] {
  const ids = uniqueSorted(intervals.filter((interval) => overlapMs(interval, window) > 0).map((interval) => interval.connectionId));
  return ids.map((connectionId) => {
    const own = intervals.filter((interval) => interval.connectionId === connectionId);
    const ownEpisodes = episodes.filter((episode) => episode.connectionId === connectionId);
    return {
      key: { connection: connectionId, system: own[0]?.system ?? '' },
      counts: {
        ...stateHours(own, window).counts,
        reauthorizations: ownEpisodes.filter((episode) => contains(period, episode.start)).length,
        reconnects: ownEpisodes.filter((episode) => episode.restoredAt !== null && contains(period, episode.restoredAt)).length,
      },
    };
  });
}

/**
 * Connection health: the share of the connections' time in the period they were connected, with
 * the hours in each state, the reauthorizations (entries into reauth_required) and the time to
 * reconnect (reauth_required → restored, counted when restored, like MTTR). Time is counted up to
 * the period's end or now, whichever is earlier: the future has no state yet.
 */
export const connectionHealth: KpiFormula = (facts, period, asOf) => {
  const window = { from: period.from, to: Math.max(period.from, Math.min(period.to, asOf)) };
  const intervals = facts.connectionStates;
  const { counts, trackedMs, connectedMs } = stateHours(intervals, window);
  const episodes = reauthEpisodesOf(intervals);
  const reconnects = episodes.filter((episode) => episode.restoredAt !== null && contains(period, episode.restoredAt));
  const reconnectMs = reconnects.reduce((sum, episode) => sum + ((episode.restoredAt ?? episode.start) - episode.start), 0);
  const inWindow = intervals.filter((interval) => overlapMs(interval, window) > 0);
  const endedBy = (at: number | null): boolean => at !== null && at < window.to;
  const stillWaiting = episodes.filter((episode) => episode.start < window.to && !endedBy(episode.restoredAt) && !endedBy(episode.deletedAt));
  return {
    value: ratio(connectedMs, trackedMs),
    unit: 'ratio',
    formula:
      'connected time / all connection time in the period; time to reconnect = sum(restored_at - reauth_required_at) / reconnects restored in the period',
    counts: {
      connections: new Set(inWindow.map((interval) => interval.connectionId)).size,
      ...counts,
      reauthorizations: episodes.filter((episode) => contains(period, episode.start)).length,
      reconnects: reconnects.length,
      reconnectHours: hours(reconnectMs),
      meanTimeToReconnectHours: ratio(hours(reconnectMs), reconnects.length) ?? '',
      awaitingReauthorization: stillWaiting.length,
    },
    breakdown: perConnection(intervals, episodes, window, period),
    drillDown: {
      workOrderIds: [],
      downtimeIds: [],
      connectionStateIds: uniqueSorted([...inWindow.map((interval) => interval.intervalId), ...reconnects.flatMap((episode) => episode.intervalIds)]),
    },
  };
};
