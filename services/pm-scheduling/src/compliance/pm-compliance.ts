/** SMRP grace: 20 % of the PM interval, at most 28 days (weekly 1.4 days, monthly about 6, quarterly 18). */
export const GRACE_SHARE = 0.2;
export const MAX_GRACE_MS = 28 * 86_400_000;

/** One generated occurrence, as compliance needs it. */
export interface ComplianceOccurrence {
  occurrenceId: string;
  planId: string;
  assetId: string;
  dueAt: Date;
  /** The PM interval the grace is a share of (ms): the schedule's interval at this occurrence. */
  intervalMs: number;
  completedAt: Date | null;
  cancelled: boolean;
}

export type ComplianceOutcome = 'on_time' | 'late' | 'missed' | 'open_in_grace' | 'cancelled';

export interface ComplianceReport {
  from: Date;
  to: Date;
  formula: string;
  /** Occurrences due in the period whose outcome is known: on time + late + missed. */
  due: number;
  onTime: number;
  late: number;
  missed: number;
  /** Due in the period, not completed yet, still inside the grace: not counted yet. */
  openInGrace: number;
  cancelled: number;
  /** onTime ÷ due, or null when nothing was due. */
  compliance: number | null;
  lateOccurrences: Array<ComplianceOccurrence & { deadline: Date }>;
  missedOccurrences: Array<ComplianceOccurrence & { deadline: Date }>;
}

export function graceOf(intervalMs: number): number {
  return Math.min(Math.max(intervalMs, 0) * GRACE_SHARE, MAX_GRACE_MS);
}

export function outcomeOf(occurrence: ComplianceOccurrence, now: Date): ComplianceOutcome {
  if (occurrence.cancelled) return 'cancelled';
  const deadline = occurrence.dueAt.getTime() + graceOf(occurrence.intervalMs);
  if (occurrence.completedAt !== null) return occurrence.completedAt.getTime() <= deadline ? 'on_time' : 'late';
  return now.getTime() > deadline ? 'missed' : 'open_in_grace';
}

/**
 * SMRP PM compliance over [from, to): occurrences completed by their due time plus the grace ÷
 * occurrences due in the period. Cancelled occurrences are not due work; those still open inside
 * their grace are not decided yet; both are shown beside the figure but counted in neither term.
 */
export function pmCompliance(occurrences: readonly ComplianceOccurrence[], from: Date, to: Date, now: Date): ComplianceReport {
  const inPeriod = occurrences.filter((occurrence) => occurrence.dueAt >= from && occurrence.dueAt < to);
  const counts: Record<ComplianceOutcome, number> = { on_time: 0, late: 0, missed: 0, open_in_grace: 0, cancelled: 0 };
  const lateOccurrences: ComplianceReport['lateOccurrences'] = [];
  const missedOccurrences: ComplianceReport['missedOccurrences'] = [];
  for (const occurrence of inPeriod) {
    const outcome = outcomeOf(occurrence, now);
    counts[outcome] += 1;
    const listed = { ...occurrence, deadline: new Date(occurrence.dueAt.getTime() + graceOf(occurrence.intervalMs)) };
    if (outcome === 'late') lateOccurrences.push(listed);
    if (outcome === 'missed') missedOccurrences.push(listed);
  }
  const due = counts.on_time + counts.late + counts.missed;
  return {
    from,
    to,
    formula: 'completed by due time + min(20 % of interval, 28 days) ÷ (on time + late + missed), due in the period',
    due,
    onTime: counts.on_time,
    late: counts.late,
    missed: counts.missed,
    openInGrace: counts.open_in_grace,
    cancelled: counts.cancelled,
    compliance: due === 0 ? null : counts.on_time / due,
    lateOccurrences,
    missedOccurrences,
  };
}
