import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  customFieldFilterSql,
  mergeCustomFieldValues,
  parseCustomFieldFilters,
  ProblemException,
  TenantTransactions,
  type CustomFieldFilter,
  type CustomFieldValues,
  type FieldError,
  type Principal,
} from '@mate/service-kit';
import type { EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { MAX_CUSTOM_FIELDS } from '../common/validation';
import { CustomFieldDefinition, type CustomFieldEntity } from './custom-field-definition.entity';
import { CustomFieldException, CustomFieldExceptionCode } from './custom-field.exception';
import type { CreateCustomFieldDto, CustomFieldDto, UpdateCustomFieldDto } from './dtos/custom-field.dtos';

const UNIQUE_VIOLATION = '23505';

const ENTITY_TABLES: Record<CustomFieldEntity, string> = { work_order: 'work_orders', work_request: 'work_requests' };
const ENTITY_LABELS: Record<CustomFieldEntity, string> = { work_order: 'work orders', work_request: 'work requests' };

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

/** Adds parsed `cf` filters to a query on `<alias>.custom_fields`. */
export function applyCustomFieldFilters<E extends ObjectLiteral>(
  qb: SelectQueryBuilder<E>,
  alias: string,
  filters: readonly CustomFieldFilter[],
): SelectQueryBuilder<E> {
  filters.forEach((filter, index) => {
    const { sql, parameters } = customFieldFilterSql(alias, filter, `cf${index}`);
    qb.andWhere(sql, parameters);
  });
  return qb;
}

/**
 * Tenant-defined fields of work orders and work requests. Definitions are read in the
 * transaction of every write and filtered list, so a change takes effect at once on every replica.
 */
@Injectable()
export class CustomFieldsService {
  constructor(@Inject(TenantTransactions) private readonly transactions: TenantTransactions) {}

  definitions(manager: EntityManager, tenantId: string, entityType: CustomFieldEntity): Promise<CustomFieldDefinition[]> {
    return manager.find(CustomFieldDefinition, { where: { tenantId, entityType }, order: { key: 'ASC' } });
  }

  /**
   * Submitted values checked against loaded definitions: for a creation (`existing` undefined,
   * required fields enforced) or an update merged into `existing` (`null` removes a value).
   */
  merge(
    definitions: readonly CustomFieldDefinition[],
    entityType: CustomFieldEntity,
    submitted: Record<string, unknown> | undefined,
    existing?: Record<string, unknown>,
  ): { values: CustomFieldValues; errors: FieldError[] } {
    return mergeCustomFieldValues(definitions, submitted, existing, ENTITY_LABELS[entityType]);
  }

  /** As merge(), reading the definitions; 400 naming each `customFields.<key>` otherwise. */
  async validate(
    manager: EntityManager,
    tenantId: string,
    entityType: CustomFieldEntity,
    submitted: Record<string, unknown> | undefined,
    existing?: Record<string, unknown>,
  ): Promise<CustomFieldValues> {
    const { values, errors } = this.merge(await this.definitions(manager, tenantId, entityType), entityType, submitted, existing);
    if (errors.length > 0) throw ProblemException.validation(errors);
    return values;
  }

  /** Parses `cf=<key>:<op>:<value>` list filters; 400 naming `cf` or `cf.<key>` when one is wrong. */
  async filters(
    manager: EntityManager,
    tenantId: string,
    entityType: CustomFieldEntity,
    raw: readonly string[] | undefined,
  ): Promise<CustomFieldFilter[]> {
    if (!raw || raw.length === 0) return [];
    const { filters, errors } = parseCustomFieldFilters(await this.definitions(manager, tenantId, entityType), raw);
    if (errors.length > 0) throw ProblemException.validation(errors);
    return filters;
  }

  list(principal: Principal, entityType?: CustomFieldEntity): Promise<CustomFieldDto[]> {
    return this.transactions.run(principal, async (manager) => {
      const rows = await manager.find(CustomFieldDefinition, {
        where: { tenantId: principal.tenantId, ...(entityType ? { entityType } : {}) },
        order: { entityType: 'ASC', key: 'ASC' },
      });
      return rows.map(toCustomFieldDto);
    });
  }

  get(principal: Principal, id: string): Promise<CustomFieldDto> {
    return this.transactions.run(principal, async (manager) => toCustomFieldDto(await this.load(manager, principal.tenantId, id)));
  }

  create(principal: Principal, body: CreateCustomFieldDto): Promise<CustomFieldDto> {
    if (body.type === 'enum' && (!body.options || body.options.length === 0)) {
      throw new CustomFieldException(CustomFieldExceptionCode.OPTIONS_REQUIRED, 'an enum field needs at least one option');
    }
    if (body.type !== 'enum' && body.options !== undefined) {
      throw ProblemException.validation([{ field: 'options', message: 'options only apply to enum fields' }]);
    }
    return this.transactions.run(principal, async (manager) => {
      const tenantId = principal.tenantId;
      // One definition change per tenant and entity type at a time: the limit and the key check hold.
      await manager.query('select pg_advisory_xact_lock(hashtextextended($1, 0))', [`custom-fields:${tenantId}:${body.entityType}`]);
      const count = await manager.countBy(CustomFieldDefinition, { tenantId, entityType: body.entityType });
      if (count >= MAX_CUSTOM_FIELDS) {
        throw new CustomFieldException(
          CustomFieldExceptionCode.LIMIT_REACHED,
          `at most ${MAX_CUSTOM_FIELDS} custom fields per entity type; delete one first`,
        );
      }
      const now = new Date();
      const definition = manager.create(CustomFieldDefinition, {
        id: randomUUID(),
        tenantId,
        entityType: body.entityType,
        key: body.key,
        label: body.label,
        type: body.type,
        required: body.required ?? false,
        options: body.type === 'enum' ? (body.options ?? []) : [],
        unit: body.unit ?? null,
        version: 1,
        createdBy: principal.subject,
        createdAt: now,
        updatedAt: now,
      });
      try {
        await manager.insert(CustomFieldDefinition, definition);
      } catch (error) {
        if ((error as { driverError?: { code?: string } }).driverError?.code === UNIQUE_VIOLATION) {
          throw new CustomFieldException(
            CustomFieldExceptionCode.KEY_TAKEN,
            `a ${body.entityType} field with key "${body.key}" already exists`,
          );
        }
        throw error;
      }
      return toCustomFieldDto(definition);
    });
  }

  update(principal: Principal, id: string, body: UpdateCustomFieldDto, expectedVersion?: number): Promise<CustomFieldDto> {
    return this.transactions.run(principal, async (manager) => {
      const definition = await this.load(manager, principal.tenantId, id, true);
      assertVersion(definition, expectedVersion);
      if (body.options !== undefined && definition.type !== 'enum') {
        throw ProblemException.validation([{ field: 'options', message: 'options only apply to enum fields' }]);
      }
      if (definition.type === 'enum' && body.options !== undefined && body.options.length === 0) {
        throw new CustomFieldException(CustomFieldExceptionCode.OPTIONS_REQUIRED, 'an enum field needs at least one option');
      }
      const changes: Partial<CustomFieldDefinition> = {
        ...(body.label !== undefined ? { label: body.label } : {}),
        ...(body.required !== undefined ? { required: body.required } : {}),
        ...(body.options !== undefined ? { options: body.options } : {}),
        ...(body.unit !== undefined ? { unit: body.unit } : {}),
      };
      if (Object.keys(changes).length === 0) return toCustomFieldDto(definition);
      Object.assign(definition, changes, { version: definition.version + 1, updatedAt: new Date() });
      await manager.update(
        CustomFieldDefinition,
        { id, tenantId: principal.tenantId },
        { ...changes, version: definition.version, updatedAt: definition.updatedAt },
      );
      return toCustomFieldDto(definition);
    });
  }

  /** Deleting a definition removes its values from every work order or request of the tenant. */
  remove(principal: Principal, id: string, expectedVersion?: number): Promise<void> {
    return this.transactions.run(principal, async (manager) => {
      const definition = await this.load(manager, principal.tenantId, id, true);
      assertVersion(definition, expectedVersion);
      await manager.query(
        `update ${ENTITY_TABLES[definition.entityType]} set custom_fields = custom_fields - $1::text
          where tenant_id = $2 and custom_fields ? $1::text`,
        [definition.key, principal.tenantId],
      );
      await manager.delete(CustomFieldDefinition, { id, tenantId: principal.tenantId });
    });
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

function assertVersion(definition: CustomFieldDefinition, expectedVersion: number | undefined): void {
  if (expectedVersion !== undefined && expectedVersion !== definition.version) {
    throw new CustomFieldException(
      CustomFieldExceptionCode.VERSION_MISMATCH,
      `the custom field is at version ${definition.version}, not ${expectedVersion}: read it again`,
    );
  }
}
