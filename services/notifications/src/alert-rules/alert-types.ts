import type { AlertSeverity, SubjectKind } from '../channels/alert-message';

export interface AlertTypeDefinition {
  severity: AlertSeverity;
  subjectKind: SubjectKind;
  /** Who hears of it when no rule names recipients: the subject's own people or the tenant's admins. */
  audience: 'admins' | 'assignee' | 'requester' | 'operators';
}

/** The built-in alert types: the only values `type` may take (an unknown one is a 400 naming the field). */
export const ALERT_TYPES = {
  'connection.reauth_required': { severity: 'critical', subjectKind: 'connection', audience: 'admins' },
  'connection.degraded': { severity: 'warning', subjectKind: 'connection', audience: 'admins' },
  'connection.restored': { severity: 'info', subjectKind: 'connection', audience: 'admins' },
  'work_order.assigned': { severity: 'info', subjectKind: 'work_order', audience: 'assignee' },
  'work_order.overdue': { severity: 'warning', subjectKind: 'work_order', audience: 'assignee' },
  'work_request.approved': { severity: 'info', subjectKind: 'work_request', audience: 'requester' },
  'work_request.rejected': { severity: 'info', subjectKind: 'work_request', audience: 'requester' },
  'part.below_reorder_point': { severity: 'warning', subjectKind: 'part', audience: 'admins' },
  'pm.occurrences_missed': { severity: 'warning', subjectKind: 'plan', audience: 'admins' },
  'dead_letters.growing': { severity: 'warning', subjectKind: 'service', audience: 'operators' },
  'webhook_endpoint.disabled': { severity: 'warning', subjectKind: 'service', audience: 'admins' },
} as const satisfies Record<string, AlertTypeDefinition>;

export type AlertType = keyof typeof ALERT_TYPES;

export function isAlertType(value: string): value is AlertType {
  return Object.prototype.hasOwnProperty.call(ALERT_TYPES, value);
}

const SEVERITY_RANK: Record<AlertSeverity, number> = { info: 0, warning: 1, critical: 2 };

/** Every severity, lowest first. */
export const ALERT_SEVERITIES = Object.keys(SEVERITY_RANK) as readonly AlertSeverity[];

/** True when `severity` is at least `minimum` (routing rules name a minimum). */
export function severityAtLeast(severity: AlertSeverity, minimum: AlertSeverity): boolean {
  return SEVERITY_RANK[severity] >= SEVERITY_RANK[minimum];
}
