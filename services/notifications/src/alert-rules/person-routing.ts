import type { AlertSeverity } from '../channels/alert-message';
import type { ChannelKind } from '../channels/channel-sender';
import { ALERT_SEVERITIES, ALERT_TYPES, severityAtLeast } from './alert-types';
import { DEFAULT_DIGEST_WINDOW_SECONDS, DIGEST_CHANNELS, nextDigestAt, ruleMatches, type PlannedDelivery, type RoutingRule } from './delivery-routing';
import { quietHoursEnd, type QuietHours } from './quiet-hours';

/** The channels a person may choose: the inbox (always theirs to read), e-mail, their chat endpoint. */
export const PERSON_CHANNELS = ['in_app', 'email', 'chat'] as const;
export type PersonChannel = (typeof PERSON_CHANNELS)[number];

/** One line of a person's preferences: alerts of these types (empty: all) from this severity go to these channels. */
export interface ChannelPreference {
  alertTypes: string[];
  minSeverity: AlertSeverity;
  channels: PersonChannel[];
}

/** A rule recipient that is a person: one user, or everyone holding a role (resolved when the alert opens). */
export type PersonRecipient = { userId: string; role?: undefined } | { role: string; userId?: undefined };

/** A tenant's notification contact as routing needs it (`/api/v1/notification-contacts`, `.../notification-preferences/me`). */
export interface PersonContact {
  id: string;
  userId: string;
  email: string | null;
  roles: readonly string[];
  homeLocationId: string | null;
  /** Their own Slack or Teams endpoint, if an administrator gave them one. */
  chatEndpoint: { id: string; kind: 'slack' | 'teams' } | null;
  channelPreferences: readonly ChannelPreference[];
  quietHours: QuietHours | null;
  digestOptOut: boolean;
}

/** What person routing reads of an alert: `locationPath` is its subject's location and that location's ancestors. */
export interface RoutedAlert {
  type: string;
  severity: AlertSeverity;
  locationPath: readonly string[] | null;
  recipientUserId: string | null;
}

/** Without a matching line of their own, a person gets every channel they have. */
const DEFAULT_CHANNELS: readonly PersonChannel[] = PERSON_CHANNELS;

/** The channels a person wants for an alert: the first of their lines that matches it decides. */
export function channelsFor(contact: Pick<PersonContact, 'channelPreferences'>, alert: { type: string; severity: AlertSeverity }): readonly PersonChannel[] {
  const line = contact.channelPreferences.find(
    (candidate) => (candidate.alertTypes.length === 0 || candidate.alertTypes.includes(alert.type)) && severityAtLeast(alert.severity, candidate.minSeverity),
  );
  return line ? line.channels : DEFAULT_CHANNELS;
}

/** An alert type at one severity. */
export interface AlertKind {
  type: string;
  severity: AlertSeverity;
}

/**
 * The kinds of alert a person's preferences keep out of their inbox and live stream: those whose
 * first matching line leaves out `in_app` (every kind is enumerated, so a reader's view stays a
 * plain SQL filter and keyset pages stay full).
 */
export function kindsOutOfInbox(contact: Pick<PersonContact, 'channelPreferences'>): AlertKind[] {
  return Object.keys(ALERT_TYPES).flatMap((type) =>
    ALERT_SEVERITIES.filter((severity) => !channelsFor(contact, { type, severity }).includes('in_app')).map((severity) => ({ type, severity })),
  );
}

/**
 * The contacts a rule's person recipients name: a user by id; a role as the contacts holding it
 * whose home location is the alert's location or above it (none: everywhere), so a site's
 * technicians hear of that site's alerts.
 */
export function contactsNamed(recipients: readonly PersonRecipient[], contacts: readonly PersonContact[], alert: Pick<RoutedAlert, 'locationPath'>): PersonContact[] {
  return contacts.filter((contact) =>
    recipients.some((recipient) =>
      recipient.userId !== undefined
        ? recipient.userId === contact.userId
        : contact.roles.includes(recipient.role) && (contact.homeLocationId === null || alert.locationPath === null || alert.locationPath.includes(contact.homeLocationId)),
    ),
  );
}

/**
 * The deliveries to people: the persons the matching rules name, and the person a personal alert
 * is for. Each gets the channels of their preferences (the inbox needs no delivery); non-critical
 * alerts wait for the later end of the rule's and their own quiet hours; a digest rule collects for
 * them unless they opted out of digests (then they read it in the inbox only). Critical alerts go now.
 */
export function planPersonDeliveries(
  alert: RoutedAlert,
  rules: ReadonlyArray<RoutingRule & { recipients: readonly PersonRecipient[] }>,
  contacts: readonly PersonContact[],
  now: Date,
  digestWindowSeconds = DEFAULT_DIGEST_WINDOW_SECONDS,
): PlannedDelivery[] {
  const planned: PlannedDelivery[] = [];
  for (const rule of rules) {
    if (rule.recipients.length === 0 || !ruleMatches(rule, alert)) continue;
    for (const contact of contactsNamed(rule.recipients, contacts, alert)) planned.push(...toPerson(contact, alert, rule, now, digestWindowSeconds));
  }
  const own = alert.recipientUserId === null ? undefined : contacts.find((contact) => contact.userId === alert.recipientUserId);
  if (own) planned.push(...toPerson(own, alert, { id: 'personal', digest: false, quietHours: null }, now, digestWindowSeconds));
  return planned;
}

function toPerson(
  contact: PersonContact,
  alert: RoutedAlert,
  rule: Pick<RoutingRule, 'id' | 'digest' | 'quietHours'>,
  now: Date,
  digestWindowSeconds: number,
): PlannedDelivery[] {
  const targets: Array<{ channel: ChannelKind; targetId: string }> = [];
  const channels = channelsFor(contact, alert);
  if (channels.includes('email') && contact.email) targets.push({ channel: 'email', targetId: contact.id });
  if (channels.includes('chat') && contact.chatEndpoint) targets.push({ channel: contact.chatEndpoint.kind, targetId: contact.chatEndpoint.id });
  const planned: PlannedDelivery[] = [];
  for (const target of targets) {
    const digest = rule.digest && DIGEST_CHANNELS.has(target.channel) && alert.severity !== 'critical';
    if (digest && contact.digestOptOut) continue;
    const timing = personTiming(digest, [rule.quietHours, contact.quietHours], alert.severity, now, digestWindowSeconds);
    planned.push({ ruleId: rule.id, ...target, ...timing });
  }
  return planned;
}

function personTiming(digest: boolean, quiet: ReadonlyArray<QuietHours | null>, severity: AlertSeverity, now: Date, windowSeconds: number): Pick<PlannedDelivery, 'mode' | 'sendAt'> {
  if (severity === 'critical') return { mode: 'now', sendAt: now };
  const from = digest ? nextDigestAt(now, windowSeconds) : now;
  const end = laterQuietEnd(quiet, from);
  if (digest) return { mode: 'digest', sendAt: end ?? from };
  return end ? { mode: 'after_quiet_hours', sendAt: end } : { mode: 'now', sendAt: now };
}

/** The end of every quiet window `at` falls in, one after the other (a window may start when another ends). */
function laterQuietEnd(quiet: ReadonlyArray<QuietHours | null>, at: Date): Date | null {
  let end: Date | null = null;
  for (let pass = 0; pass < quiet.length; pass += 1) {
    for (const window of quiet) {
      const windowEnd: Date | null = window ? quietHoursEnd(window, end ?? at) : null;
      if (windowEnd && (end === null || windowEnd > end)) end = windowEnd;
    }
  }
  return end;
}

/** One delivery per target, the earliest, when rules and people name the same one. */
export function earliestPerTarget(planned: readonly PlannedDelivery[]): PlannedDelivery[] {
  const byTarget = new Map<string, PlannedDelivery>();
  for (const delivery of planned) {
    const key = `${delivery.channel}:${delivery.targetId}`;
    const existing = byTarget.get(key);
    if (!existing || delivery.sendAt < existing.sendAt) byTarget.set(key, delivery);
  }
  return [...byTarget.values()];
}
