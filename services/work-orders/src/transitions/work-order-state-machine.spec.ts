import {
  allowedTransitions,
  isAllowedTransition,
  mayTransition,
  reasonRequired,
} from './work-order-state-machine';
import { WORK_ORDER_STATUSES } from '../work-orders/work-order.model';

describe('work order state machine', () => {
  it('allows exactly the documented transitions', () => {
    const all = WORK_ORDER_STATUSES.flatMap((from) => allowedTransitions(from).map((to) => `${from}→${to}`));
    expect(all.sort()).toEqual(
      [
        'open→in_progress',
        'open→cancelled',
        'in_progress→on_hold',
        'in_progress→completed',
        'in_progress→cancelled',
        'on_hold→in_progress',
        'on_hold→cancelled',
        'completed→closed',
        'completed→in_progress',
      ].sort(),
    );
  });

  it('has terminal closed and cancelled states and no self-transitions', () => {
    expect(allowedTransitions('closed')).toEqual([]);
    expect(allowedTransitions('cancelled')).toEqual([]);
    for (const status of WORK_ORDER_STATUSES) expect(isAllowedTransition(status, status)).toBe(false);
  });

  it('requires a reason for hold, cancel and reopen only', () => {
    expect(reasonRequired('in_progress', 'on_hold')).toBe(true);
    expect(reasonRequired('open', 'cancelled')).toBe(true);
    expect(reasonRequired('completed', 'in_progress')).toBe(true);
    expect(reasonRequired('on_hold', 'in_progress')).toBe(false);
    expect(reasonRequired('in_progress', 'completed')).toBe(false);
    expect(reasonRequired('completed', 'closed')).toBe(false);
  });

  it('lets assigned technicians do the work but not close, cancel or reopen', () => {
    expect(mayTransition(['technician'], true, 'open', 'in_progress')).toBe(true);
    expect(mayTransition(['technician'], true, 'in_progress', 'completed')).toBe(true);
    expect(mayTransition(['technician'], false, 'open', 'in_progress')).toBe(false);
    expect(mayTransition(['technician'], true, 'completed', 'in_progress')).toBe(false);
    expect(mayTransition(['technician'], true, 'completed', 'closed')).toBe(false);
    expect(mayTransition(['technician'], true, 'open', 'cancelled')).toBe(false);
    expect(mayTransition(['planner'], false, 'completed', 'in_progress')).toBe(true);
    expect(mayTransition(['viewer'], true, 'open', 'in_progress')).toBe(false);
  });
});
