import { Inject, Injectable } from '@nestjs/common';
import { CustomFieldDefinitionsService, TenantTransactions, type Principal } from '@mate/service-kit';
import type { EntityManager } from 'typeorm';
import { CustomFieldDefinition, type CustomFieldEntity } from './custom-field-definition.entity';
import { CustomFieldValueRepository } from './custom-field-value.repository';

const ENTITY_LABELS: Record<CustomFieldEntity, string> = { asset: 'assets', location: 'locations', part: 'parts' };

/** What a feature does with its entities whose value of a deleted definition was removed (`changedFields`: `customFields.<key>`). */
export type RemovedValuesListener = (manager: EntityManager, tenantId: string, ids: readonly string[], changedFields: string[]) => Promise<void>;

/**
 * Tenant-defined fields of assets, locations and parts (the CRUD is service-kit's). What is ours:
 * deleting a definition is a change of each record holding a value, with its version and event.
 */
@Injectable()
export class CustomFieldsService extends CustomFieldDefinitionsService<CustomFieldEntity, CustomFieldDefinition> {
  private readonly removedValuesListeners = new Map<CustomFieldEntity, RemovedValuesListener>();

  constructor(
    @Inject(TenantTransactions) transactions: TenantTransactions,
    @Inject(CustomFieldValueRepository) private readonly values: CustomFieldValueRepository,
  ) {
    super(transactions, { entity: CustomFieldDefinition, entityLabels: ENTITY_LABELS, emptyUpdateBumpsVersion: true });
  }

  /**
   * Registers what a feature does once a deleted definition's values are gone from its entities
   * (`ids`), e.g. publish their Updated events. The features register themselves, so this one
   * knows none of them (assets and locations import custom fields, not the other way round).
   */
  onValuesRemoved(entityType: CustomFieldEntity, listener: RemovedValuesListener): void {
    this.removedValuesListeners.set(entityType, listener);
  }

  /**
   * Deleting a definition also removes its values from every entity of the type. That is a change
   * of each entity holding one: its version moves (ETags), and the entity's feature publishes its
   * Updated event (assets and locations; parts have none).
   */
  protected async removeValues(manager: EntityManager, { tenantId }: Principal, definition: CustomFieldDefinition): Promise<void> {
    const ids = await this.values.removeKey(manager, tenantId, definition.entityType, definition.key);
    const listener = this.removedValuesListeners.get(definition.entityType);
    if (ids.length > 0 && listener) await listener(manager, tenantId, ids, [`customFields.${definition.key}`]);
  }
}
