import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { TenantTransactions, type Page, type Principal, type VersionPrecondition } from '@mate/service-kit';
import type { EntityManager } from 'typeorm';
import { EventPublisher } from '../common/event-publisher';
import { isUniqueViolation } from '@mate/database';
import { CustomFieldsService } from '../custom-fields';
import { ancestorIdsOf, Location } from './location.entity';
import { locationCreated, locationDeleted, locationMoved, locationUpdated } from './location.events';
import { LocationException, LocationExceptionCode } from './location.exception';
import { LocationRepository } from './location.repository';
import type { CreateLocationDto, ListLocationsQueryDto, LocationDto, MoveLocationDto, UpdateLocationDto } from './locations.dto';

export function toLocationDto(location: Location): LocationDto {
  return {
    id: location.id,
    parentId: location.parentId,
    ancestorIds: ancestorIdsOf(location.path),
    depth: location.depth,
    name: location.name,
    code: location.code,
    kind: location.kind,
    isStoreroom: location.isStoreroom,
    address: location.address,
    latitude: location.latitude === null ? null : Number(location.latitude),
    longitude: location.longitude === null ? null : Number(location.longitude),
    description: location.description,
    customFields: location.customFields,
    version: location.version,
    createdAt: location.createdAt.toISOString(),
    updatedAt: location.updatedAt.toISOString(),
  };
}

/** The value with object keys sorted (jsonb does not keep the order they were sent in). */
function canonicalJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonicalJson);
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  return Object.fromEntries(Object.keys(record).sort().map((key) => [key, canonicalJson(record[key])]));
}

/** The unique index of "a code is unique among its siblings" (migration 1767100000001). */
const SIBLING_CODE_INDEX = 'locations_sibling_code_idx';

/**
 * Runs a write that may give a location a code one of its (new) siblings already has, and turns
 * the unique index's violation into 409 LOCATION_CODE_TAKEN. The index is the check, not a query
 * before the write: two concurrent requests would both pass such a query, and one would end as a 500.
 */
async function refuseTakenCode<T>(location: Pick<Location, 'code' | 'parentId'>, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (!isUniqueViolation(error, SIBLING_CODE_INDEX)) throw error;
    const siblings = location.parentId === null ? 'another top-level location' : 'another location with the same parent';
    throw new LocationException(
      LocationExceptionCode.CODE_TAKEN,
      `code "${location.code ?? ''}" is taken: ${siblings} has it (a code is unique among its siblings)`,
    );
  }
}

@Injectable()
export class LocationsService implements OnModuleInit {
  constructor(
    @Inject(TenantTransactions) private readonly tenantTransactions: TenantTransactions,
    @Inject(EventPublisher) private readonly events: EventPublisher,
    @Inject(CustomFieldsService) private readonly customFields: CustomFieldsService,
    @Inject(LocationRepository) private readonly repository: LocationRepository,
  ) {}

  onModuleInit(): void {
    this.customFields.onValuesRemoved('location', async (manager, tenantId, ids, changedFields) => {
      const locations = await this.repository.findByIdsRootFirst(manager, tenantId, ids);
      await this.events.publish(manager, locations.map((location) => locationUpdated(location, changedFields)));
    });
  }

  /** A location of the tenant, or 404 (also for another tenant's id). */
  async require(manager: EntityManager, tenantId: string, id: string, lock = false): Promise<Location> {
    const location = await this.repository.findById(manager, tenantId, id, lock);
    if (!location) throw new LocationException(LocationExceptionCode.NOT_FOUND, `location ${id} not found`);
    return location;
  }

  /** The filtered query of the list and the export (no order yet). */
  async query(manager: EntityManager, tenantId: string, query: ListLocationsQueryDto) {
    const root = query.subtreeOf ? await this.require(manager, tenantId, query.subtreeOf) : null;
    return this.repository.filtered(manager, tenantId, { ...query, subtreePath: root?.path }, (qb, alias) =>
      this.customFields.applyFilters(manager, tenantId, 'location', qb, alias, query.cf),
    );
  }

  list(principal: Principal, query: ListLocationsQueryDto): Promise<Page<LocationDto>> {
    return this.tenantTransactions.run(principal, async (manager) => {
      return this.repository.page(await this.query(manager, principal.tenantId, query), query, query.subtreeOf ? 'path' : 'name', toLocationDto);
    });
  }

  get(principal: Principal, id: string): Promise<LocationDto> {
    return this.tenantTransactions.run(principal, async (manager) => toLocationDto(await this.require(manager, principal.tenantId, id)));
  }

  /** The breadcrumb: ancestors root first, without the location itself. */
  ancestors(principal: Principal, id: string): Promise<LocationDto[]> {
    return this.tenantTransactions.run(principal, async (manager) => {
      const location = await this.require(manager, principal.tenantId, id);
      return (await this.repository.findByIdsRootFirst(manager, principal.tenantId, ancestorIdsOf(location.path))).map(toLocationDto);
    });
  }

  create(principal: Principal, body: CreateLocationDto): Promise<LocationDto> {
    return this.tenantTransactions.run(principal, async (manager) => toLocationDto(await this.createIn(manager, principal, body)));
  }

  /** Creates one location inside the caller's transaction (also used by the CSV import). */
  async createIn(manager: EntityManager, principal: Principal, body: CreateLocationDto): Promise<Location> {
    const tenantId = principal.tenantId;
    const parent = body.parentId ? await this.requireParent(manager, tenantId, body.parentId) : null;
    const customFields = await this.customFields.validate(manager, tenantId, 'location', body.customFields);
    const id = randomUUID();
    const now = new Date();
    const location = Object.assign(new Location(), {
      id,
      tenantId,
      parentId: parent?.id ?? null,
      path: `${parent?.path ?? '/'}${id}/`,
      depth: (parent?.depth ?? -1) + 1,
      name: body.name,
      code: body.code ?? null,
      kind: body.kind ?? (parent ? 'area' : 'site'),
      isStoreroom: body.isStoreroom ?? false,
      address: body.address ? { ...body.address } : null,
      latitude: body.latitude === undefined ? null : String(body.latitude),
      longitude: body.longitude === undefined ? null : String(body.longitude),
      description: body.description ?? null,
      customFields,
      version: 1,
      createdAt: now,
      updatedAt: now,
    });
    await refuseTakenCode(location, () => this.repository.insert(manager, location));
    await this.events.publish(manager, [locationCreated(location)]);
    return location;
  }

  update(principal: Principal, id: string, body: UpdateLocationDto, ifMatch: VersionPrecondition): Promise<LocationDto> {
    return this.tenantTransactions.run(principal, async (manager) => {
      const tenantId = principal.tenantId;
      const location = await this.require(manager, tenantId, id, true);
      ifMatch.assertMatches(location.version);
      const changed: string[] = [];
      const set = <K extends keyof Location>(key: K, value: Location[K] | undefined, apiName: string = String(key)) => {
        if (value === undefined) return;
        if (JSON.stringify(canonicalJson(location[key])) !== JSON.stringify(canonicalJson(value))) changed.push(apiName);
        location[key] = value;
      };
      // numeric(9, 6) comes back as "51.050000": compare the numbers, not the texts.
      const setCoordinate = (key: 'latitude' | 'longitude', value: number | null | undefined) => {
        if (value === undefined) return;
        if ((location[key] === null ? null : Number(location[key])) !== value) changed.push(key);
        location[key] = value === null ? null : String(value);
      };
      set('name', body.name);
      set('kind', body.kind);
      set('code', body.code);
      if (body.isStoreroom === false && location.isStoreroom) {
        if (await this.repository.holdsStock(manager, tenantId, id)) {
          throw new LocationException(LocationExceptionCode.STOREROOM_HAS_STOCK, 'the storeroom still holds stock: transfer or adjust it to zero first');
        }
      }
      set('isStoreroom', body.isStoreroom);
      set('address', body.address === undefined ? undefined : body.address === null ? null : { ...body.address });
      setCoordinate('latitude', body.latitude);
      setCoordinate('longitude', body.longitude);
      set('description', body.description);
      if (body.customFields !== undefined) {
        const values = await this.customFields.validate(manager, tenantId, 'location', body.customFields, location.customFields);
        for (const key of new Set([...Object.keys(values), ...Object.keys(location.customFields)])) {
          if (JSON.stringify(values[key]) !== JSON.stringify(location.customFields[key])) changed.push(`customFields.${key}`);
        }
        location.customFields = values;
      }
      if (changed.length === 0) return toLocationDto(location);
      location.version += 1;
      location.updatedAt = new Date();
      await refuseTakenCode(location, () => this.repository.save(manager, location));
      await this.events.publish(manager, [locationUpdated(location, changed)]);
      return toLocationDto(location);
    });
  }

  /** Moves a location with its whole subtree: one prefix rewrite of the materialised paths. */
  move(principal: Principal, id: string, body: MoveLocationDto, ifMatch: VersionPrecondition): Promise<LocationDto> {
    return this.tenantTransactions.run(principal, async (manager) => {
      const tenantId = principal.tenantId;
      // Concurrent moves in one tenant could otherwise build a cycle between them.
      await this.repository.lockTree(manager, tenantId);
      const location = await this.require(manager, tenantId, id, true);
      ifMatch.assertMatches(location.version);
      if ((body.parentId ?? null) === location.parentId) return toLocationDto(location);
      const parent = body.parentId ? await this.requireParent(manager, tenantId, body.parentId) : null;
      if (parent && parent.path.startsWith(location.path)) {
        throw new LocationException(
          LocationExceptionCode.MOVE_INTO_OWN_SUBTREE,
          'a location cannot be moved under itself or one of its descendants',
        );
      }
      const previousPath = location.path;
      const previousParentId = location.parentId;
      const move = { newPath: `${parent?.path ?? '/'}${id}/`, depthChange: (parent?.depth ?? -1) + 1 - location.depth, parentId: parent?.id ?? null, at: new Date() };
      // Only the moved location changes parent, so only its code can meet a taken one among its new siblings.
      const moved = await refuseTakenCode({ code: location.code, parentId: move.parentId }, () => this.repository.moveSubtree(manager, location, move));
      const updated = await this.require(manager, tenantId, id);
      await this.events.publish(manager, [locationMoved(updated, previousParentId, previousPath, moved - 1)]);
      return toLocationDto(updated);
    });
  }

  remove(principal: Principal, id: string, ifMatch: VersionPrecondition): Promise<void> {
    return this.tenantTransactions.run(principal, async (manager) => {
      const tenantId = principal.tenantId;
      const location = await this.require(manager, tenantId, id, true);
      ifMatch.assertMatches(location.version);
      const { children, assets, stock } = await this.repository.contents(manager, tenantId, id);
      if (children > 0) {
        throw new LocationException(LocationExceptionCode.HAS_CHILDREN, `the location has ${children} child location(s): move or delete them first`);
      }
      if (assets > 0) {
        throw new LocationException(LocationExceptionCode.HAS_ASSETS, `${assets} asset(s) are placed at the location: move them first`);
      }
      if (stock > 0) {
        throw new LocationException(LocationExceptionCode.HAS_STOCK, 'the location is a storeroom with stock records or purchase orders: it cannot be deleted');
      }
      await this.repository.delete(manager, location);
      await this.events.publish(manager, [locationDeleted(location, new Date(), principal.subject)]);
    });
  }

  private async requireParent(manager: EntityManager, tenantId: string, parentId: string): Promise<Location> {
    const parent = await this.repository.findById(manager, tenantId, parentId);
    if (!parent) throw new LocationException(LocationExceptionCode.PARENT_NOT_FOUND, `parent location ${parentId} not found`);
    return parent;
  }
}
