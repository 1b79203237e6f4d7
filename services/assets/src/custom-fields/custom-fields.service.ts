import { Inject, Injectable } from '@nestjs/common';
import { CustomFieldDefinitionsService, TenantTransactions, type Principal } from '@mate/service-kit';
import type { OutboundEvent } from '@mate/messaging';
import { In, type EntityManager } from 'typeorm';
import { Asset } from '../assets/asset.entity';
import { assetUpdated } from '../assets/asset.events';
import { EventPublisher } from '../common/event-publisher';
import { Location, pathIdsOf } from '../locations/location.entity';
import { locationUpdated } from '../locations/location.events';
import { CustomFieldDefinition, type CustomFieldEntity } from './custom-field-definition.entity';

const ENTITY_TABLES: Record<CustomFieldEntity, string> = { asset: 'assets', location: 'locations', part: 'parts' };
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
  ) {
    super(transactions, { entity: CustomFieldDefinition, entityLabels: ENTITY_LABELS, emptyUpdateBumpsVersion: true });
  }

  /**
   * Deleting a definition also removes its values from every entity of the type. That is a change
   * of each entity holding one: its version moves (ETags), and assets and locations publish their
   * Updated event (parts have no such event).
   */
  protected async removeValues(manager: EntityManager, { tenantId }: Principal, definition: CustomFieldDefinition): Promise<void> {
    // A JavaScript Date, not now(): list cursors on updatedAt carry milliseconds.
    const [changed] = (await manager.query(
      `update ${ENTITY_TABLES[definition.entityType]}
          set custom_fields = custom_fields - $1, version = version + 1, updated_at = $3
        where tenant_id = $2 and custom_fields ? $1
        returning id`,
      [definition.key, tenantId, new Date().toISOString()],
    )) as [Array<{ id: string }>, number];
    const ids = changed.map((row) => row.id);
    if (ids.length > 0) await this.events.publish(manager, await this.updatedEvents(manager, tenantId, definition, ids));
  }

  private async updatedEvents(manager: EntityManager, tenantId: string, definition: CustomFieldDefinition, ids: string[]): Promise<OutboundEvent[]> {
    const changedFields = [`customFields.${definition.key}`];
    if (definition.entityType === 'asset') {
      const assets = await manager.find(Asset, { where: { tenantId, id: In(ids) } });
      const locations = await manager.find(Location, { where: { tenantId, id: In([...new Set(assets.map((a) => a.locationId))]) } });
      const pathOf = new Map(locations.map((l) => [l.id, pathIdsOf(l.path)]));
      return assets.map((asset) => assetUpdated(asset, pathOf.get(asset.locationId) ?? [], changedFields));
    }
    if (definition.entityType === 'location') {
      const locations = await manager.find(Location, { where: { tenantId, id: In(ids) } });
      return locations.map((location) => locationUpdated(location, changedFields));
    }
    return [];
  }
}
