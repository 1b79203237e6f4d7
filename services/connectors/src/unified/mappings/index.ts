import type { SystemKind } from '../../adapters';
import type { SystemMapping } from '../mapping';
import { MAXIMO_MAPPING } from './maximo.mapping';

export const MAPPINGS: Partial<Record<SystemKind, SystemMapping>> = {
  maximo: MAXIMO_MAPPING,
};
