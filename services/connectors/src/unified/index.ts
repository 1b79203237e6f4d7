export { FIELD_TYPES, UNIFIED_MODEL, WORK_ORDER_STATUSES, PURCHASE_ORDER_STATUSES, type FieldType, type UnifiedEntitySpec, type UnifiedFieldSpec } from './model';
export type { EntityMapping, FieldMapping, LinesMapping, SyncDeclaration, SystemMapping, Transform } from './mapping';
export { MAPPINGS } from './mappings';
export { EMPTY_UNIFIED_SETTINGS, type CustomFieldSetting, type CustomObjectSetting, type UnifiedSettings } from './settings';
export { fromRemote } from './transforms';
export { customFieldValues, customObjectToUnified, entityMapping, toRemote, toUnified, type ToUnifiedOptions, type UnifiedRecord } from './convert';
export { UnknownUnifiedFieldError } from './unified.errors';
export { MAPPING_DOC_PATH, renderMappingDocs } from './mapping-docs';
