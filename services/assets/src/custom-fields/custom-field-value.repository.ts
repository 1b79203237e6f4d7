import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CustomFieldEntity } from './custom-field-definition.entity';

const ENTITY_TABLES: Record<CustomFieldEntity, string> = { asset: 'assets', location: 'locations', part: 'parts' };

/** The custom-field values held by assets, locations and parts (the `custom_fields` jsonb of each). */
@Injectable()
export class CustomFieldValueRepository {
  /**
   * Removes the key's value from every entity of the type holding one, moving its version and
   * updated_at (a JavaScript Date, not now(): list cursors on updatedAt carry milliseconds).
   * Returns the ids of the entities changed.
   */
  async removeKey(manager: EntityManager, tenantId: string, entityType: CustomFieldEntity, key: string): Promise<string[]> {
    const [changed] = (await manager.query(
      `update ${ENTITY_TABLES[entityType]}
          set custom_fields = custom_fields - $1, version = version + 1, updated_at = $3
        where tenant_id = $2 and custom_fields ? $1
        returning id`,
      [key, tenantId, new Date().toISOString()],
    )) as [Array<{ id: string }>, number];
    return changed.map((row) => row.id);
  }
}
