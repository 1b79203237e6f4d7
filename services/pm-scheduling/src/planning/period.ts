import { ProblemException } from '@mate/service-kit';

/** The longest window a forecast or compliance report covers. */
export const MAX_PERIOD_DAYS = 400;

/** [from, to) of a query, or 400 naming `to` when it does not follow `from` or the window is too long. */
export function periodOf(query: { from: string; to: string }): { from: Date; to: Date } {
  const from = new Date(query.from);
  const to = new Date(query.to);
  if (to <= from) throw ProblemException.validation([{ field: 'to', message: 'must be after from' }]);
  if (to.getTime() - from.getTime() > MAX_PERIOD_DAYS * 86_400_000) {
    throw ProblemException.validation([{ field: 'to', message: `must be at most ${MAX_PERIOD_DAYS} days after from` }]);
  }
  return { from, to };
}
