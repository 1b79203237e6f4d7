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
  /** Only alerts whose subject's location is this one or below it (null: everywhere). */
  locationId?: string | null;
}

export interface PlannedDelivery {
  ruleId: string;
  channel: ChannelKind;
  targetId: string;
  /** `now`, deferred to the end of quiet hours, or collected into the digest sent at `sendAt`. */
  mode: 'now' | 'after_quiet_hours' | 'digest';
  sendAt: Date;
}

/** One digest an hour unless configured otherwise (DIGEST_WINDOW_SECONDS). */
export const DEFAULT_DIGEST_WINDOW_SECONDS = 3_600;

/**
 * Channels a digest collects for: the ones people read. A webhook receiver is a program that
 * correlates and deduplicates per alert (alert id, event ids, one `webhook-id` per alert), so a
 * digest rule still sends it one payload per alert, at the rule's quiet-hours timing.
 */
export const DIGEST_CHANNELS: ReadonlySet<ChannelKind> = new Set<ChannelKind>(['email', 'slack', 'teams']);

/**
 * The deliveries an alert causes. Critical alerts always go now (quiet hours and digests are for
 * what can wait); a target named by two rules gets one delivery, the earliest.
 */
export function planDeliveries(
  alert: { type: string; severity: AlertSeverity; locationPath?: readonly string[] | null },
  rules: readonly RoutingRule[],
  now: Date,
  digestWindowSeconds = DEFAULT_DIGEST_WINDOW_SECONDS,
): PlannedDelivery[] {
  const byTarget = new Map<string, PlannedDelivery>();
  for (const rule of rules) {
    if (!ruleMatches(rule, alert)) continue;
    for (const target of rule.targets) {
      const key = `${target.channel}:${target.targetId}`;
      const digest = rule.digest && DIGEST_CHANNELS.has(target.channel);
      const timing = deliveryTiming({ ...rule, digest }, alert.severity, now, digestWindowSeconds);
      const planned: PlannedDelivery = { ruleId: rule.id, channel: target.channel, targetId: target.targetId, ...timing };
      const existing = byTarget.get(key);
      if (!existing || planned.sendAt < existing.sendAt) byTarget.set(key, planned);
    }
  }
  return [...byTarget.values()];
}

/**
 * Whether a rule covers an alert. `locationPath` is the alert subject's location and its ancestors
 * (null: no known location), so a rule filtered to a location matches that location's subtree; an
 * alert without a known location matches only rules without a location filter.
 */
export function ruleMatches(rule: RoutingRule, alert: { type: string; severity: AlertSeverity; locationPath?: readonly string[] | null }): boolean {
  if (!rule.enabled) return false;
  if (rule.alertTypes.length > 0 && !rule.alertTypes.includes(alert.type)) return false;
  if (rule.locationId && !(alert.locationPath ?? []).includes(rule.locationId)) return false;
  return severityAtLeast(alert.severity, rule.minSeverity);
}

function deliveryTiming(
  rule: Pick<RoutingRule, 'digest' | 'quietHours'>,
  severity: AlertSeverity,
  now: Date,
  digestWindowSeconds: number,
): Pick<PlannedDelivery, 'mode' | 'sendAt'> {
  if (severity === 'critical') return { mode: 'now', sendAt: now };
  if (rule.digest) {
    const due = nextDigestAt(now, digestWindowSeconds);
    const quietEnd = rule.quietHours ? quietHoursEnd(rule.quietHours, due) : null;
    return { mode: 'digest', sendAt: quietEnd ?? due };
  }
  const quietEnd = rule.quietHours ? quietHoursEnd(rule.quietHours, now) : null;
  return quietEnd ? { mode: 'after_quiet_hours', sendAt: quietEnd } : { mode: 'now', sendAt: now };
}

/**
 * Digests go out at the end of each window (UTC-aligned): every alert of a window shares one send
 * time, which with the target names the one digest delivery of that window.
 */
export function nextDigestAt(now: Date, windowSeconds = DEFAULT_DIGEST_WINDOW_SECONDS): Date {
  const window = windowSeconds * 1000;
  return new Date(Math.floor(now.getTime() / window) * window + window);
}
