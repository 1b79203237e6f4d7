import { startSimulator as startSystem, type RunningSimulator, type SimulatorOptions } from './core/simulator';
import { SYSTEM_KINDS, type SystemKind } from './core/system';
import { SYSTEMS } from './systems';

/** Starts the simulator of one system on 127.0.0.1 (a free port unless `options.port`). */
export function startSimulator(kind: SystemKind, options: SimulatorOptions = {}): Promise<RunningSimulator> {
  return startSystem(SYSTEMS[kind], options);
}

export { SYSTEMS, SYSTEM_KINDS, type SystemKind, type RunningSimulator, type SimulatorOptions };
export { SimulatorAdmin, type AdminCredential, type AdminOverview, type AdminRecord } from './core/admin-client';
export type { FaultInput, FaultKind, FaultRule } from './core/faults';
export type { Permission } from './core/credentials';
export type { RequestCounts, LoggedRequest } from './core/request-log';
export type { EntityKind } from './core/store';
