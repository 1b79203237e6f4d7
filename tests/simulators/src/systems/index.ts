import type { SystemKind, SystemModule } from '../core/system';
import { fiix } from './fiix/fiix.system';
import { limble } from './limble/limble.system';
import { maintainx } from './maintainx/maintainx.system';
import { maximo } from './maximo/maximo.system';
import { sap } from './sap/sap.system';
import { upkeep } from './upkeep/upkeep.system';

/** Every simulated system by kind. */
export const SYSTEMS: Readonly<Record<SystemKind, SystemModule>> = { maximo, sap, fiix, upkeep, maintainx, limble };
