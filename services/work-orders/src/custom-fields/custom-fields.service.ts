import { Inject, Injectable } from '@nestjs/common';
import {
  CustomFieldDefinitionsService,
  ProblemException,
  TenantTransactions,
  type CustomFieldDefinitionView,
  type NewCustomFieldDefinition,
  type Principal,
} from '@mate/service-kit';
import type { DeepPartial, EntityManager } from 'typeorm';
import { MAX_CUSTOM_FIELDS } from '../common/validation';
import { CUSTOM_FIELD_VALUE_OWNERS, type CustomFieldValueOwner } from './custom-field-value-owners';
import { CustomFieldDefinition, type CustomFieldEntity } from './custom-field-definition.entity';

const ENTITY_LABELS: Record<CustomFieldEntity, string> = { work_order: 'work orders', work_request: 'work requests' };

/**
 * Tenant-defined fields of work orders and work requests (the CRUD is service-kit's). What is
 * ours: at most MAX_CUSTOM_FIELDS per entity type, who created a definition, options refused on
 * other types than enum, and what deleting a definition does to the records.
 */
@Injectable()
export class CustomFieldsService extends CustomFieldDefinitionsService<CustomFieldEntity, CustomFieldDefinition> {
  constructor(
    @Inject(TenantTransactions) transactions: TenantTransactions,
    @Inject(CUSTOM_FIELD_VALUE_OWNERS) private readonly owners: readonly CustomFieldValueOwner[],
  ) {
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

  /** Deleting a definition removes its values from every record of the tenant: the owner of the records says how. */
  protected async removeValues(manager: EntityManager, principal: Principal, definition: CustomFieldDefinition): Promise<void> {
    const owner = this.owners.find((candidate) => candidate.entityType === definition.entityType);
    if (!owner) throw new Error(`no owner of ${definition.entityType} custom field values is registered`);
    await owner.removeValues(manager, principal, definition.key);
  }
}
