import type { Role } from '@mate/service-kit';
import { hasAnyRole, PLANNERS } from '../common/roles';
import type { WorkOrderStatus } from '../work-orders/work-order.model';

/**
 * open → in_progress ⇄ on_hold → completed → closed; cancelled from open, in_progress and
 * on_hold; completed → in_progress (reopen). Closed and cancelled are terminal. A completed work
 * order is not cancelled: its parts were issued; reopen it first.
 */
const NEXT: Readonly<Record<WorkOrderStatus, readonly WorkOrderStatus[]>> = {
  open: ['in_progress', 'cancelled'],
  in_progress: ['on_hold', 'completed', 'cancelled'],
  on_hold: ['in_progress', 'cancelled'],
  completed: ['closed', 'in_progress'],
  closed: [],
  cancelled: [],
};

export function allowedTransitions(from: WorkOrderStatus): readonly WorkOrderStatus[] {
  return NEXT[from];
}

export function isAllowedTransition(from: WorkOrderStatus, to: WorkOrderStatus): boolean {
  return NEXT[from].includes(to);
}

export function isReopen(from: WorkOrderStatus, to: WorkOrderStatus): boolean {
  return from === 'completed' && to === 'in_progress';
}

/** Putting on hold, cancelling and reopening need a reason. */
export function reasonRequired(from: WorkOrderStatus, to: WorkOrderStatus): boolean {
  return to === 'on_hold' || to === 'cancelled' || isReopen(from, to);
}

/**
 * Who may make a transition: planners and admins any; the assigned technicians the working ones
 * (start, hold, resume, complete); closing, cancelling and reopening are supervisors' decisions.
 */
export function mayTransition(
  roles: readonly Role[],
  isAssignee: boolean,
  from: WorkOrderStatus,
  to: WorkOrderStatus,
): boolean {
  if (hasAnyRole(roles, PLANNERS)) return true;
  if (!roles.includes('technician') || !isAssignee) return false;
  if (to === 'closed' || to === 'cancelled' || isReopen(from, to)) return false;
  return true;
}
