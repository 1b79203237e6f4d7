import type { AlertSeverity, AlertStatus, SubjectKind } from '../channels/alert-message';

/** A thing that happened and may open an alert (built by the event handlers). */
export interface AlertOccurrence {
  tenantId: string;
  type: string;
  severity: AlertSeverity;
  subject: { kind: SubjectKind; id: string };
  /**
   * What splits one subject's alerts of a type further: the person a personal alert is for
   * (`user:<id>`), the storeroom of a part's stock. Absent: one alert per type and subject.
   */
  scope?: string;
  eventId: string;
  occurredAt: Date;
}

/** The state of an alert that the rules need. */
export interface AlertState {
  status: AlertStatus;
  occurrenceCount: number;
  firstSeenAt: Date;
  lastSeenAt: Date;
  eventIds: string[];
}

/** Event ids kept on an alert: the first (what opened it) and the latest ones (what keeps it open). */
export const MAX_EVENT_IDS = 20;

/**
 * One alert per tenant, type and subject while it is not resolved: a repeated failure of one
 * connection finds the same key and updates that alert instead of opening another.
 */
export function dedupeKey(occurrence: Pick<AlertOccurrence, 'type' | 'subject' | 'scope'>): string {
  const key = `${occurrence.type}:${occurrence.subject.kind}:${occurrence.subject.id}`;
  return occurrence.scope ? `${key}:${occurrence.scope}` : key;
}

/** The scope of an alert for one person: their own, in their inbox only. */
export function personalScope(userId: string): string {
  return `user:${userId}`;
}

export type OccurrenceDecision =
  | { action: 'open'; alert: AlertState }
  /** Same alert seen again: count and last seen move, nobody is told again. */
  | { action: 'update'; alert: AlertState };

/**
 * What an occurrence does to the unresolved alert with its key (null: none). Only opening sends;
 * an acknowledged or muted alert stays so, and its count still rises.
 */
export function applyOccurrence(unresolved: AlertState | null, occurrence: AlertOccurrence): OccurrenceDecision {
  if (unresolved === null || unresolved.status === 'resolved') {
    return {
      action: 'open',
      alert: {
        status: 'open',
        occurrenceCount: 1,
        firstSeenAt: occurrence.occurredAt,
        lastSeenAt: occurrence.occurredAt,
        eventIds: [occurrence.eventId],
      },
    };
  }
  const lastSeenAt = occurrence.occurredAt > unresolved.lastSeenAt ? occurrence.occurredAt : unresolved.lastSeenAt;
  return {
    action: 'update',
    alert: {
      ...unresolved,
      occurrenceCount: unresolved.occurrenceCount + 1,
      lastSeenAt,
      eventIds: keepEventIds([...unresolved.eventIds, occurrence.eventId]),
    },
  };
}

/** The first id and the most recent ones, so a long-failing connection does not grow the row forever. */
function keepEventIds(ids: string[]): string[] {
  if (ids.length <= MAX_EVENT_IDS) return ids;
  return [ids[0], ...ids.slice(ids.length - (MAX_EVENT_IDS - 1))];
}

/** Statuses from which a restore (or a person) may resolve an alert. */
export function isUnresolved(status: AlertStatus): boolean {
  return status !== 'resolved';
}
