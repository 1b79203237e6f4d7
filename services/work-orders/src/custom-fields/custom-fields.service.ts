import { Inject, Injectable } from '@nestjs/common';
import {
  CustomFieldDefinitionsService,
  CustomFieldException,
  CustomFieldExceptionCode,
  ProblemException,
  TenantTransactions,
  type CustomFieldDefinitionView,
  type CustomFieldVersionCheck,
  type NewCustomFieldDefinition,
  type Principal,
} from '@mate/service-kit';
import type { DeepPartial, EntityManager } from 'typeorm';
import { MAX_CUSTOM_FIELDS } from '../common/validation';
import { CustomFieldDefinition, type CustomFieldEntity } from './custom-field-definition.entity';

const ENTITY_TABLES: Record<CustomFieldEntity, string> = { work_order: 'work_orders', work_request: 'work_requests' };
const ENTITY_LABELS: Record<CustomFieldEntity, string> = { work_order: 'work orders', work_request: 'work requests' };

/** If-Match as work orders answer it: 412 with CUSTOM_FIELD_VERSION_MISMATCH (the header is parsed by `expectedVersion`). */
export function versionCheck(expectedVersion: number | undefined): CustomFieldVersionCheck {
  return (currentVersion) => {
    if (expectedVersion !== undefined && expectedVersion !== currentVersion) {
      throw new CustomFieldException(
        CustomFieldExceptionCode.VERSION_MISMATCH,
        `the custom field is at version ${currentVersion}, not ${expectedVersion}: read it again`,
      );
    }
  };
}

/**
 * Tenant-defined fields of work orders and work requests (the CRUD is service-kit's). What is
 * ours: at most MAX_CUSTOM_FIELDS per entity type, who created a definition, options refused on
 * other types than enum, and what deleting a definition does to the records.
 */
@Injectable()
export class CustomFieldsService extends CustomFieldDefinitionsService<CustomFieldEntity, CustomFieldDefinition> {
  constructor(@Inject(TenantTransactions) transactions: TenantTransactions) {
    super(transactions, { entity: CustomFieldDefinition, entityLabels: ENTITY_LABELS, maxPerEntityType: MAX_CUSTOM_FIELDS });
  }

  override create(principal: Principal, body: NewCustomFieldDefinition<CustomFieldEntity>): Promise<CustomFieldDefinitionView<CustomFieldEntity>> {
    if (body.type !== 'enum' && body.options !== undefined) {
      throw ProblemException.validation([{ field: 'options', message: 'options only apply to enum fields' }]);
    }
    return super.create(principal, body);
  }

  protected override extraColumns(principal: Principal): DeepPartial<CustomFieldDefinition> {
    return { createdBy: principal.subject };
  }

  /** Deleting a definition removes its values from every work order or request of the tenant. */
  protected async removeValues(manager: EntityManager, tenantId: string, definition: CustomFieldDefinition): Promise<void> {
    await manager.query(
      `update ${ENTITY_TABLES[definition.entityType]} set custom_fields = custom_fields - $1::text
        where tenant_id = $2 and custom_fields ? $1::text`,
      [definition.key, tenantId],
    );
  }
}
