import { randomUUID } from 'node:crypto';
import type { DeepPartial, EntityManager, FindOptionsOrder, FindOptionsWhere, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { isUniqueViolation } from '@mate/database';
import type { Principal } from '../auth/principal';
import type { FieldError } from '../errors/problem-details';
import { ProblemException } from '../errors/problem.exception';
import type { VersionPrecondition } from '../http/version-precondition';
import type { TenantTransactions } from '../tenancy/tenant-transactions.service';
import type { CustomFieldDefinitionColumns } from './custom-field-definition.columns';
import {
  customFieldFilterSql,
  mergeCustomFieldValues,
  parseCustomFieldFilters,
  type CustomFieldFilter,
  type CustomFieldType,
  type CustomFieldValues,
} from './custom-field-values';
import { CustomFieldException, CustomFieldExceptionCode } from './custom-field.exception';


/** A new definition as the service's create DTO carries it (already validated by the pipe). */
export interface NewCustomFieldDefinition<TEntityType extends string> {
  entityType: TEntityType;
  key: string;
  label: string;
  type: CustomFieldType;
  required?: boolean;
  options?: string[];
  unit?: string | null;
}

/** What an update may change; key, entity type and type never change (stored values would no longer match). */
export interface CustomFieldDefinitionChanges {
  label?: string;
  required?: boolean;
  options?: string[];
  unit?: string | null;
}

/** The JSON shape of a definition, the same in every service. */
export interface CustomFieldDefinitionView<TEntityType extends string> {
  id: string;
  entityType: TEntityType;
  key: string;
  label: string;
  type: CustomFieldType;
  required: boolean;
  options: string[];
  unit: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface CustomFieldDefinitionsOptions<TEntityType extends string, TDefinition> {
  /** The service's own entity class on its `custom_field_definitions` table. */
  entity: new () => TDefinition;
  /** How value errors name each entity type's records: "no custom field "x" is defined for <label>". */
  entityLabels: Readonly<Record<TEntityType, string>>;
  /** At most this many definitions per tenant and entity type (422 CUSTOM_FIELD_LIMIT_REACHED); no limit when absent. */
  maxPerEntityType?: number;
  /**
   * Whether an update that changes nothing still counts as a change (version + 1). Assets has
   * always answered so and its API must not move; work orders leaves the definition as it is.
   */
  emptyUpdateBumpsVersion?: boolean;
}

export function toCustomFieldDefinitionView<TEntityType extends string>(
  definition: CustomFieldDefinitionColumns<TEntityType>,
): CustomFieldDefinitionView<TEntityType> {
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
 * Tenant-defined custom fields of a service: the CRUD of the definitions on the service's own
 * table, and reading them to validate and filter values. Definitions are read in the transaction
 * of every write and filtered list, so a change takes effect at once on every replica.
 *
 * A service extends it with its own `@Injectable()` class, passing its entity and options, and
 * implements `removeValues`: what deleting a definition does to the records holding a value
 * (which table, whether their versions move and which events they publish). Its controller, DTOs,
 * routes, roles and OpenAPI texts stay in the service.
 */
export abstract class CustomFieldDefinitionsService<
  TEntityType extends string,
  TDefinition extends CustomFieldDefinitionColumns<TEntityType>,
> {
  protected constructor(
    protected readonly transactions: TenantTransactions,
    private readonly options: CustomFieldDefinitionsOptions<TEntityType, TDefinition>,
  ) {}

  /**
   * Deleting a definition removes its values from every record of the tenant holding one; called in
   * the deleting transaction, before the definition's row goes. `principal` is who deletes it (the
   * tenant, and the actor of the records' changes).
   */
  protected abstract removeValues(manager: EntityManager, principal: Principal, definition: TDefinition): Promise<void>;

  /** Columns only the service's table has, set on creation (e.g. `createdBy`). */
  protected extraColumns(_principal: Principal): DeepPartial<TDefinition> {
    return {} as DeepPartial<TDefinition>;
  }

  definitions(manager: EntityManager, tenantId: string, entityType: TEntityType): Promise<TDefinition[]> {
    return manager.find(this.options.entity, { where: this.where({ tenantId, entityType }), order: { key: 'ASC' } as FindOptionsOrder<TDefinition> });
  }

  /**
   * Submitted values checked against loaded definitions: for a creation (`existing` undefined,
   * required fields enforced) or an update merged into `existing` (`null` removes a value).
   */
  merge(
    definitions: readonly TDefinition[],
    entityType: TEntityType,
    submitted: Record<string, unknown> | undefined,
    existing?: Record<string, unknown>,
  ): { values: CustomFieldValues; errors: FieldError[] } {
    return mergeCustomFieldValues(definitions, submitted, existing, this.options.entityLabels[entityType]);
  }

  /** As merge(), reading the definitions; 400 naming each `customFields.<key>` otherwise. */
  async validate(
    manager: EntityManager,
    tenantId: string,
    entityType: TEntityType,
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
    entityType: TEntityType,
    raw: readonly string[] | undefined,
  ): Promise<CustomFieldFilter[]> {
    if (!raw || raw.length === 0) return [];
    const { filters, errors } = parseCustomFieldFilters(await this.definitions(manager, tenantId, entityType), raw);
    if (errors.length > 0) throw ProblemException.validation(errors);
    return filters;
  }

  /** As filters(), adding them to a query on `<alias>.custom_fields`. */
  async applyFilters<E extends ObjectLiteral>(
    manager: EntityManager,
    tenantId: string,
    entityType: TEntityType,
    qb: SelectQueryBuilder<E>,
    alias: string,
    raw: readonly string[] | undefined,
  ): Promise<void> {
    applyCustomFieldFilters(qb, alias, await this.filters(manager, tenantId, entityType, raw));
  }

  list(principal: Principal, entityType?: TEntityType): Promise<Array<CustomFieldDefinitionView<TEntityType>>> {
    return this.transactions.run(principal, async (manager) => {
      const rows = await manager.find(this.options.entity, {
        where: this.where({ tenantId: principal.tenantId, ...(entityType ? { entityType } : {}) }),
        order: { entityType: 'ASC', key: 'ASC' } as FindOptionsOrder<TDefinition>,
      });
      return rows.map(toCustomFieldDefinitionView);
    });
  }

  get(principal: Principal, id: string): Promise<CustomFieldDefinitionView<TEntityType>> {
    return this.transactions.run(principal, async (manager) => toCustomFieldDefinitionView(await this.load(manager, principal.tenantId, id)));
  }

  create(principal: Principal, body: NewCustomFieldDefinition<TEntityType>): Promise<CustomFieldDefinitionView<TEntityType>> {
    if (body.type === 'enum' && (!body.options || body.options.length === 0)) {
      throw new CustomFieldException(CustomFieldExceptionCode.OPTIONS_REQUIRED, 'an enum field needs at least one option');
    }
    const { entity, maxPerEntityType } = this.options;
    return this.transactions.run(principal, async (manager) => {
      const tenantId = principal.tenantId;
      if (maxPerEntityType !== undefined) {
        // One creation per tenant and entity type at a time, so two cannot both pass the count.
        await manager.query('select pg_advisory_xact_lock(hashtextextended($1, 0))', [`custom-fields:${tenantId}:${body.entityType}`]);
        const count = await manager.countBy(entity, this.where({ tenantId, entityType: body.entityType }));
        if (count >= maxPerEntityType) {
          throw new CustomFieldException(
            CustomFieldExceptionCode.LIMIT_REACHED,
            `at most ${maxPerEntityType} custom fields per entity type; delete one first`,
          );
        }
      }
      const now = new Date();
      const definition = manager.create(entity, {
        ...this.extraColumns(principal),
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
        createdAt: now,
        updatedAt: now,
      } as DeepPartial<TDefinition>);
      try {
        await manager.insert(entity, definition as QueryDeepPartialEntity<TDefinition>);
      } catch (error) {
        // The unique index on (tenant_id, entity_type, key) decides, so concurrent creations cannot both win.
        if (isUniqueViolation(error)) {
          throw new CustomFieldException(CustomFieldExceptionCode.KEY_TAKEN, `a ${body.entityType} field with key "${body.key}" already exists`);
        }
        throw error;
      }
      return toCustomFieldDefinitionView(definition);
    });
  }

  update(
    principal: Principal,
    id: string,
    body: CustomFieldDefinitionChanges,
    ifMatch: VersionPrecondition,
  ): Promise<CustomFieldDefinitionView<TEntityType>> {
    return this.transactions.run(principal, async (manager) => {
      const definition = await this.load(manager, principal.tenantId, id, true);
      ifMatch.assertMatches(definition.version);
      if (body.options !== undefined && definition.type !== 'enum') {
        throw ProblemException.validation([{ field: 'options', message: 'options only apply to enum fields' }]);
      }
      if (definition.type === 'enum' && body.options !== undefined && body.options.length === 0) {
        throw new CustomFieldException(CustomFieldExceptionCode.OPTIONS_REQUIRED, 'an enum field needs at least one option');
      }
      const changes: CustomFieldDefinitionChanges = {
        ...(body.label !== undefined ? { label: body.label } : {}),
        ...(body.required !== undefined ? { required: body.required } : {}),
        ...(body.options !== undefined ? { options: body.options } : {}),
        ...(body.unit !== undefined ? { unit: body.unit } : {}),
      };
      if (Object.keys(changes).length === 0 && !this.options.emptyUpdateBumpsVersion) return toCustomFieldDefinitionView(definition);
      Object.assign(definition, changes, { version: definition.version + 1, updatedAt: new Date() });
      await manager.update(this.options.entity, this.where({ id, tenantId: principal.tenantId }), {
        ...changes,
        version: definition.version,
        updatedAt: definition.updatedAt,
      } as QueryDeepPartialEntity<TDefinition>);
      return toCustomFieldDefinitionView(definition);
    });
  }

  remove(principal: Principal, id: string, ifMatch: VersionPrecondition): Promise<void> {
    return this.transactions.run(principal, async (manager) => {
      const tenantId = principal.tenantId;
      const definition = await this.load(manager, tenantId, id, true);
      ifMatch.assertMatches(definition.version);
      await this.removeValues(manager, principal, definition);
      await manager.delete(this.options.entity, this.where({ id, tenantId }));
    });
  }

  private async load(manager: EntityManager, tenantId: string, id: string, lock = false): Promise<TDefinition> {
    const definition = await manager.findOne(this.options.entity, {
      where: this.where({ id, tenantId }),
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!definition) throw new CustomFieldException(CustomFieldExceptionCode.NOT_FOUND, 'custom field not found');
    return definition;
  }

  /**
   * A condition on the base columns. TypeORM cannot tell that a generic TDefinition has them
   * (FindOptionsWhere<TDefinition> does not resolve for a type parameter), hence the one cast.
   */
  private where(condition: Partial<Pick<CustomFieldDefinitionColumns<TEntityType>, 'id' | 'tenantId' | 'entityType'>>): FindOptionsWhere<TDefinition> {
    return condition as FindOptionsWhere<TDefinition>;
  }
}
