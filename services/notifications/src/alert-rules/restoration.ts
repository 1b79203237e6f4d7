import type { AlertStatus, SubjectKind } from '../channels/alert-message';
import { isUnresolved } from './alert-occurrence';

/** The alert types a restore ends: what `connection.restored` resolves on its connection. */
const RESOLVED_BY: Record<string, readonly string[]> = {
  'connection.restored': ['connection.reauth_required', 'connection.degraded'],
  // A deleted connection cannot be fixed any more: its alerts end with it.
  'connection.deleted': ['connection.reauth_required', 'connection.degraded'],
  // Finished work is neither overdue nor waiting for its assignees any more.
  'work_order.completed': ['work_order.overdue', 'work_order.assigned'],
  'work_order.cancelled': ['work_order.overdue', 'work_order.assigned'],
  // An assignee taken off a work order: their assignment alert ends (scoped to them).
  'work_order.unassigned': ['work_order.assigned'],
  // Stock back at or above the reorder point of that storeroom (scoped to it).
  'part.restocked': ['part.below_reorder_point'],
};

export interface ResolvableAlert {
  id: string;
  type: string;
  status: AlertStatus;
  subject: { kind: SubjectKind; id: string };
}

/**
 * The alerts a recovery resolves: the unresolved alerts of the types it ends on the same subject
 * (acknowledged and muted ones too: the cause is gone). The recovery itself is announced as its
 * own notification, to the recipients of the alerts it resolved.
 */
export function alertsResolvedBy(
  recovery: { type: string; subject: { kind: SubjectKind; id: string } },
  unresolved: readonly ResolvableAlert[],
): ResolvableAlert[] {
  const types = RESOLVED_BY[recovery.type] ?? [];
  return unresolved.filter(
    (alert) =>
      types.includes(alert.type) &&
      isUnresolved(alert.status) &&
      alert.subject.kind === recovery.subject.kind &&
      alert.subject.id === recovery.subject.id,
  );
}
