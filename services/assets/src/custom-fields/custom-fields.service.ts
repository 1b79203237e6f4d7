import { Inject, Injectable } from '@nestjs/common';
import { CustomFieldDefinitionsService, TenantTransactions, type Principal } from '@mate/service-kit';
import type { OutboundEvent } from '@mate/messaging';
import type { EntityManager } from 'typeorm';
import { assetUpdated } from '../assets/asset.events';
import { EventPublisher } from '../common/event-publisher';
import { pathIdsOf } from '../locations/location.entity';
import { locationUpdated } from '../locations/location.events';
import { CustomFieldDefinition, type CustomFieldEntity } from './custom-field-definition.entity';
import { CustomFieldValueRepository } from './custom-field-value.repository';

const ENTITY_LABELS: Record<CustomFieldEntity, string> = { asset: 'assets', location: 'locations', part: 'parts' };

/**
 * Tenant-defined fields of assets, locations and parts (the CRUD is service-kit's). What is ours:
 * deleting a definition is a change of each record holding a value, with its version and event.
 */
@Injectable()
export class CustomFieldsService extends CustomFieldDefinitionsService<CustomFieldEntity, CustomFieldDefinition> {
  constructor(
    @Inject(TenantTransactions) transactions: TenantTransactions,
    @Inject(EventPublisher) private readonly events: EventPublisher,
    @Inject(CustomFieldValueRepository) private readonly values: CustomFieldValueRepository,
  ) {
    super(transactions, { entity: CustomFieldDefinition, entityLabels: ENTITY_LABELS, emptyUpdateBumpsVersion: true });
  }

  /**
   * Deleting a definition also removes its values from every entity of the type. That is a change
   * of each entity holding one: its version moves (ETags), and assets and locations publish their
   * Updated event (parts have no such event).
   */
  protected async removeValues(manager: EntityManager, { tenantId }: Principal, definition: CustomFieldDefinition): Promise<void> {
    const ids = await this.values.removeKey(manager, tenantId, definition.entityType, definition.key);
    if (ids.length > 0) await this.events.publish(manager, await this.updatedEvents(manager, tenantId, definition, ids));
  }

  private async updatedEvents(manager: EntityManager, tenantId: string, definition: CustomFieldDefinition, ids: string[]): Promise<OutboundEvent[]> {
    const changedFields = [`customFields.${definition.key}`];
    if (definition.entityType === 'asset') {
      const assets = await this.values.assetsByIds(manager, tenantId, ids);
      const locations = await this.values.locationsByIds(manager, tenantId, assets.map((a) => a.locationId));
      const pathOf = new Map(locations.map((l) => [l.id, pathIdsOf(l.path)]));
      return assets.map((asset) => assetUpdated(asset, pathOf.get(asset.locationId) ?? [], changedFields));
    }
    if (definition.entityType === 'location') {
      const locations = await this.values.locationsByIds(manager, tenantId, ids);
      return locations.map((location) => locationUpdated(location, changedFields));
    }
    return [];
  }
}
