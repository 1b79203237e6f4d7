/**
 * A connection's unified settings: extra remote fields per entity (shown under `custom_fields`) and
 * extra tables or entities exposed as custom objects. Stored on the connection; applied on every
 * read, so a change shows on the next read with no deploy.
 */
import type { UnifiedEntity } from '../adapters';
import type { FieldType } from './model';

export interface CustomFieldSetting {
  /** Remote field name or dotted path (see FieldMapping.remote). */
  remote: string;
  /** Key under `custom_fields`. */
  unified: string;
  type: FieldType;
}

export interface CustomObjectSetting {
  /** The custom object's name in the unified API (`/custom-objects/{name}`). */
  name: string;
  /** The system's table, object structure, entity set or resource, e.g. `custcalibration`. */
  remote: string;
  /** Remote field carrying the record id. */
  idField: string;
  /** Remote field carrying the modification time, where the table has one. */
  modifiedField?: string;
  /**
   * Remote flag marking a row deleted, where the table keeps deleted rows listed (SAP's
   * `IsMarkedForDeletion`): a flagged row is `remote_deleted` and synced as a RecordDeleted.
   * Without one, a row is deleted when a full scan no longer finds it.
   */
  deletedField?: string;
  fields: CustomFieldSetting[];
}

/**
 * Per entity and field, native code → unified value: entries extend the system's declared code
 * table for this connection, or replace a declared code's value (Limble status ids are the
 * customer's own: `{ workOrder: { status: { '1001': 'on_hold' } } }`).
 */
export type CodeOverrides = Partial<Record<UnifiedEntity, Record<string, Record<string, string>>>>;

export interface UnifiedSettings {
  customFields: Partial<Record<UnifiedEntity, CustomFieldSetting[]>>;
  customObjects: CustomObjectSetting[];
  /** Absent: the declared code tables as they are. */
  codes?: CodeOverrides;
}

export const EMPTY_UNIFIED_SETTINGS: UnifiedSettings = { customFields: {}, customObjects: [] };
