import type { Principal } from '@mate/service-kit';
import type { EntityManager } from 'typeorm';
import type { CustomFieldEntity } from './custom-field-definition.entity';

/**
 * A feature whose records hold values of the tenant's custom fields of one entity type. Deleting a
 * definition asks it to remove the values: what that means (a new version, history, events) is the
 * owner's rule, not the custom-fields feature's.
 */
export interface CustomFieldValueOwner {
  readonly entityType: CustomFieldEntity;
  /** Called in the deleting transaction; `principal` is who deletes the definition. */
  removeValues(manager: EntityManager, principal: Principal, key: string): Promise<void>;
}

/** Every CustomFieldValueOwner of the service (provided where the app is put together). */
export const CUSTOM_FIELD_VALUE_OWNERS = Symbol('CUSTOM_FIELD_VALUE_OWNERS');
