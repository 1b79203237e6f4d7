import type { SystemKind, SystemModule } from '../core/system';
import { maximo } from './maximo/maximo.system';

/** Every simulated system by kind. */
export const SYSTEMS: Readonly<Partial<Record<SystemKind, SystemModule>>> = { maximo };
