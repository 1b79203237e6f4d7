import type { Role } from '@mate/service-kit';

/**
 * The role groups of the service, each defined once (docs/services/work-orders.md, Roles).
 * Integrations act for the tenant like planners, except where a person decides.
 */

/** Read work orders (technicians only those assigned to them) and their lists. */
export const READERS = ['admin', 'planner', 'technician', 'viewer', 'integration'] as const satisfies readonly Role[];
/** Work on work orders (technicians only on those assigned to them). */
export const EDITORS = ['admin', 'planner', 'technician', 'integration'] as const satisfies readonly Role[];
/** Create, plan and change every work order of the tenant. */
export const SUPERVISORS = ['admin', 'planner', 'integration'] as const satisfies readonly Role[];
/** See every work order and request of the tenant. */
export const SEES_ALL = ['admin', 'planner', 'viewer', 'integration'] as const satisfies readonly Role[];
/** People who decide: any transition (close, cancel, reopen), approve or reject requests, define custom fields. */
export const PLANNERS = ['admin', 'planner'] as const satisfies readonly Role[];
/** Submit work requests. */
export const REQUEST_SUBMITTERS = ['requester', 'technician', 'planner', 'admin', 'integration'] as const satisfies readonly Role[];
/** Read work requests (requesters and technicians only their own). */
export const REQUEST_READERS = ['requester', 'technician', 'planner', 'admin', 'viewer', 'integration'] as const satisfies readonly Role[];

export function hasAnyRole(roles: readonly Role[], group: readonly Role[]): boolean {
  return roles.some((role) => group.includes(role));
}
