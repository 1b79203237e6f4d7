import type { Role } from '@mate/service-kit';

/** Who edits the register (locations, assets, parts, vendors, purchase orders, custom fields). */
export const REGISTER_EDITORS: Role[] = ['admin', 'planner'];
/** Who records meter readings and issues parts from stock (plus the register editors). */
export const FIELD_ROLES: Role[] = ['admin', 'planner', 'technician'];
/** Machines pushing telemetry may record readings too. */
export const READING_RECORDERS: Role[] = ['admin', 'planner', 'technician', 'integration'];
