import type { SystemKind } from '../../adapters';
import type { SystemMapping } from '../mapping';
import { FIIX_MAPPING } from './fiix.mapping';
import { LIMBLE_MAPPING } from './limble.mapping';
import { MAINTAINX_MAPPING } from './maintainx.mapping';
import { MAXIMO_MAPPING } from './maximo.mapping';
import { SAP_MAPPING } from './sap.mapping';
import { UPKEEP_MAPPING } from './upkeep.mapping';

/** Every system's mapping declaration, the one place the unified model meets native names. */
export const MAPPINGS: Readonly<Record<SystemKind, SystemMapping>> = {
  maximo: MAXIMO_MAPPING,
  sap: SAP_MAPPING,
  fiix: FIIX_MAPPING,
  upkeep: UPKEEP_MAPPING,
  maintainx: MAINTAINX_MAPPING,
  limble: LIMBLE_MAPPING,
};

export { FIIX_MAPPING, LIMBLE_MAPPING, MAINTAINX_MAPPING, MAXIMO_MAPPING, SAP_MAPPING, UPKEEP_MAPPING };
