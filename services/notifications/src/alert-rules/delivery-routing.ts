import type { AlertSeverity } from '../channels/alert-message';
import type { ChannelKind } from '../channels/channel-sender';
import { severityAtLeast } from './alert-types';
import { quietHoursEnd, type QuietHours } from './quiet-hours';

/** A tenant's rule: which alerts go where, and when. */
export interface RoutingRule {
  id: string;
  /** The alert types it covers; empty: every type. */
  alertTypes: readonly string[];
  minSeverity: AlertSeverity;
  /** Each channel with its target: a webhook endpoint, a chat endpoint, a recipient list. */
  targets: ReadonlyArray<{ channel: ChannelKind; targetId: string }>;
  quietHours: QuietHours | null;
  /** Collect non-critical alerts into one message per digest period instead of one each. */
  digest: boolean;
  enabled: boolean;
}

export interface PlannedDelivery {
  ruleId: string;
  channel: ChannelKind;
  targetId: string;
  /** `now`, deferred to the end of quiet hours, or collected into the digest sent at `sendAt`. */
  mode: 'now' | 'after_quiet_hours' | 'digest';
  sendAt: Date;
}

export const DIGEST_PERIOD_MINUTES = 60;

/**
 * The deliveries an alert causes. Critical alerts always go now (quiet hours and digests are for
 * what can wait); a target named by two rules gets one delivery, the earliest.
 */
export function planDeliveries(alert: { type: string; severity: AlertSeverity }, rules: readonly RoutingRule[], now: Date): PlannedDelivery[] {
  const byTarget = new Map<string, PlannedDelivery>();
  for (const rule of rules) {
    if (!ruleMatches(rule, alert)) continue;
    const timing = deliveryTiming(rule, alert.severity, now);
    for (const target of rule.targets) {
      const key = `${target.channel}:${target.targetId}`;
      const planned: PlannedDelivery = { ruleId: rule.id, channel: target.channel, targetId: target.targetId, ...timing };
      const existing = byTarget.get(key);
      if (!existing || planned.sendAt < existing.sendAt) byTarget.set(key, planned);
    }
  }
  return [...byTarget.values()];
}

export function ruleMatches(rule: RoutingRule, alert: { type: string; severity: AlertSeverity }): boolean {
  if (!rule.enabled) return false;
  if (rule.alertTypes.length > 0 && !rule.alertTypes.includes(alert.type)) return false;
  return severityAtLeast(alert.severity, rule.minSeverity);
}

function deliveryTiming(rule: RoutingRule, severity: AlertSeverity, now: Date): Pick<PlannedDelivery, 'mode' | 'sendAt'> {
  if (severity === 'critical') return { mode: 'now', sendAt: now };
  if (rule.digest) {
    const due = nextDigestAt(now);
    const quietEnd = rule.quietHours ? quietHoursEnd(rule.quietHours, due) : null;
    return { mode: 'digest', sendAt: quietEnd ?? due };
  }
  const quietEnd = rule.quietHours ? quietHoursEnd(rule.quietHours, now) : null;
  return quietEnd ? { mode: 'after_quiet_hours', sendAt: quietEnd } : { mode: 'now', sendAt: now };
}

/** Digests go out at the start of each period (UTC): every alert of a period shares one send time. */
export function nextDigestAt(now: Date, periodMinutes = DIGEST_PERIOD_MINUTES): Date {
  const period = periodMinutes * 60_000;
  return new Date(Math.floor(now.getTime() / period) * period + period);
}
