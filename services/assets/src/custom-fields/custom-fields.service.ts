import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  customFieldFilterSql,
  mergeCustomFieldValues,
  parseCustomFieldFilters,
  ProblemException,
  TenantTransactions,
  type CustomFieldValues,
  type Principal,
} from '@mate/service-kit';
import type { OutboundEvent } from '@mate/messaging';
import { In, type EntityManager, type SelectQueryBuilder, type ObjectLiteral } from 'typeorm';
import { Asset } from '../assets/asset.entity';
import { assetUpdated } from '../assets/asset.events';
import { EventPublisher } from '../common/event-publisher';
import { Location, pathIdsOf } from '../locations/location.entity';
import { locationUpdated } from '../locations/location.events';
import { assertIfMatch } from '../common/etag';
import { CustomFieldDefinition, type CustomFieldEntity } from './custom-field-definition.entity';
import { CustomFieldException, CustomFieldExceptionCode } from './custom-field.exception';
import type { CreateCustomFieldDto, CustomFieldDto, UpdateCustomFieldDto } from './custom-fields.dto';

const ENTITY_TABLES: Record<CustomFieldEntity, string> = { asset: 'assets', location: 'locations', part: 'parts' };
const ENTITY_LABELS: Record<CustomFieldEntity, string> = { asset: 'assets', location: 'locations', part: 'parts' };

export function toCustomFieldDto(definition: CustomFieldDefinition): CustomFieldDto {
  return {
    id: definition.id,
    entityType: definition.entityType,
    key: definition.key,
    label: definition.label,
    type: definition.type,
    required: definition.required,
    options: definition.options,
    unit: definition.unit,
    version: definition.version,
    createdAt: definition.createdAt.toISOString(),
    updatedAt: definition.updatedAt.toISOString(),
  };
}

/**
 * Tenant-defined fields. Definitions are read on every write and list, so a new definition takes
 * effect at once, without a deploy or a restart.
 */
@Injectable()
export class CustomFieldsService {
  constructor(
    @Inject(TenantTransactions) private readonly tenantTransactions: TenantTransactions,
    @Inject(EventPublisher) private readonly events: EventPublisher,
  ) {}

  definitions(manager: EntityManager, tenantId: string, entityType: CustomFieldEntity): Promise<CustomFieldDefinition[]> {
    return manager.find(CustomFieldDefinition, { where: { tenantId, entityType }, order: { key: 'ASC' } });
  }

  /** Validated values for a create (`existing` undefined) or an update; 400 naming `customFields.<key>`. */
  async validate(
    manager: EntityManager,
    tenantId: string,
    entityType: CustomFieldEntity,
    submitted: Record<string, unknown> | undefined,
    existing?: Record<string, unknown>,
  ): Promise<CustomFieldValues> {
    const definitions = await this.definitions(manager, tenantId, entityType);
    const { values, errors } = mergeCustomFieldValues(definitions, submitted, existing, ENTITY_LABELS[entityType]);
    if (errors.length > 0) throw ProblemException.validation(errors);
    return values;
  }

  /** Adds `cf` list filters to a query on `<alias>.custom_fields`; 400 for unknown keys or bad values. */
  async applyFilters<E extends ObjectLiteral>(
    manager: EntityManager,
    tenantId: string,
    entityType: CustomFieldEntity,
    qb: SelectQueryBuilder<E>,
    alias: string,
    raw: readonly string[] | undefined,
  ): Promise<void> {
    if (!raw || raw.length === 0) return;
    const definitions = await this.definitions(manager, tenantId, entityType);
    const { filters, errors } = parseCustomFieldFilters(definitions, raw);
    if (errors.length > 0) throw ProblemException.validation(errors);
    filters.forEach((filter, index) => {
      const { sql, parameters } = customFieldFilterSql(alias, filter, `cf${index}`);
      qb.andWhere(sql, parameters);
    });
  }

  list(principal: Principal, entityType?: CustomFieldEntity): Promise<CustomFieldDto[]> {
    return this.tenantTransactions.run(principal, async (manager) => {
      const rows = await manager.find(CustomFieldDefinition, {
        where: { tenantId: principal.tenantId, ...(entityType ? { entityType } : {}) },
        order: { entityType: 'ASC', key: 'ASC' },
      });
      return rows.map(toCustomFieldDto);
    });
  }

  get(principal: Principal, id: string): Promise<CustomFieldDto> {
    return this.tenantTransactions.run(principal, async (manager) => toCustomFieldDto(await this.load(manager, principal.tenantId, id)));
  }

  create(principal: Principal, body: CreateCustomFieldDto): Promise<CustomFieldDto> {
    if (body.type === 'enum' && (!body.options || body.options.length === 0)) {
      throw new CustomFieldException(CustomFieldExceptionCode.OPTIONS_REQUIRED, 'an enum field needs at least one option');
    }
    return this.tenantTransactions.run(principal, async (manager) => {
      const taken = await manager.existsBy(CustomFieldDefinition, {
        tenantId: principal.tenantId,
        entityType: body.entityType,
        key: body.key,
      });
      if (taken) {
        throw new CustomFieldException(CustomFieldExceptionCode.KEY_TAKEN, `a ${body.entityType} field with key "${body.key}" already exists`);
      }
      const now = new Date();
      const definition = manager.create(CustomFieldDefinition, {
        id: randomUUID(),
        tenantId: principal.tenantId,
        entityType: body.entityType,
        key: body.key,
        label: body.label,
        type: body.type,
        required: body.required ?? false,
        options: body.type === 'enum' ? (body.options ?? []) : [],
        unit: body.unit ?? null,
        version: 1,
        createdAt: now,
        updatedAt: now,
      });
      await manager.insert(CustomFieldDefinition, definition);
      return toCustomFieldDto(definition);
    });
  }

  update(principal: Principal, id: string, body: UpdateCustomFieldDto, ifMatch: string | undefined): Promise<CustomFieldDto> {
    return this.tenantTransactions.run(principal, async (manager) => {
      const definition = await this.load(manager, principal.tenantId, id, true);
      assertIfMatch(ifMatch, definition.version);
      if (body.options !== undefined && definition.type !== 'enum') {
        throw ProblemException.validation([{ field: 'options', message: 'options only apply to enum fields' }]);
      }
      if (definition.type === 'enum' && body.options !== undefined && body.options.length === 0) {
        throw new CustomFieldException(CustomFieldExceptionCode.OPTIONS_REQUIRED, 'an enum field needs at least one option');
      }
      Object.assign(definition, {
        ...(body.label !== undefined ? { label: body.label } : {}),
        ...(body.required !== undefined ? { required: body.required } : {}),
        ...(body.options !== undefined ? { options: body.options } : {}),
        ...(body.unit !== undefined ? { unit: body.unit } : {}),
        version: definition.version + 1,
        updatedAt: new Date(),
      });
      await manager.save(CustomFieldDefinition, definition);
      return toCustomFieldDto(definition);
    });
  }

  /**
   * Deleting a definition also removes its values from every entity of the type. That is a change
   * of each entity holding one: its version moves (ETags), and assets and locations publish their
   * Updated event (parts have no such event).
   */
  remove(principal: Principal, id: string, ifMatch: string | undefined): Promise<void> {
    return this.tenantTransactions.run(principal, async (manager) => {
      const tenantId = principal.tenantId;
      const definition = await this.load(manager, tenantId, id, true);
      assertIfMatch(ifMatch, definition.version);
      // A JavaScript Date, not now(): list cursors on updatedAt carry milliseconds.
      const [changed] = (await manager.query(
        `update ${ENTITY_TABLES[definition.entityType]}
            set custom_fields = custom_fields - $1, version = version + 1, updated_at = $3
          where tenant_id = $2 and custom_fields ? $1
          returning id`,
        [definition.key, tenantId, new Date().toISOString()],
      )) as [Array<{ id: string }>, number];
      await manager.delete(CustomFieldDefinition, { id, tenantId });
      const ids = changed.map((row) => row.id);
      if (ids.length > 0) await this.events.publish(manager, await this.updatedEvents(manager, tenantId, definition, ids));
    });
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

  private async load(manager: EntityManager, tenantId: string, id: string, lock = false): Promise<CustomFieldDefinition> {
    const definition = await manager.findOne(CustomFieldDefinition, {
      where: { id, tenantId },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!definition) throw new CustomFieldException(CustomFieldExceptionCode.NOT_FOUND, 'custom field not found');
    return definition;
  }
}
