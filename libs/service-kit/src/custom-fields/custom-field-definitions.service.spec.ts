import type { EntityManager } from 'typeorm';
import type { Principal } from '../auth/principal';
import { ProblemException } from '../errors/problem.exception';
import { VersionPrecondition } from '../http/version-precondition';
import type { TenantTransactions } from '../tenancy/tenant-transactions.service';
import { CustomFieldDefinitionColumns } from './custom-field-definition.columns';
import { CustomFieldDefinitionsService, type CustomFieldDefinitionsOptions } from './custom-field-definitions.service';
import { CustomFieldException, CustomFieldExceptionCode } from './custom-field.exception';

// The services' integration suites cover the CRUD against PostgreSQL; this covers the options
// each service sets differently (limit, empty update) and the order of the delete hook.

type Kind = 'thing';
class Definition extends CustomFieldDefinitionColumns<Kind> {}

const principal: Principal = { subject: 'u', tenantId: '0f5c7a5e-9a53-4d35-9bb4-1f6f1c6a4a01', roles: ['admin'] };

function stored(overrides: Partial<Definition> = {}): Definition {
  return Object.assign(new Definition(), {
    id: 'd1',
    tenantId: principal.tenantId,
    entityType: 'thing',
    key: 'colour',
    label: 'Colour',
    type: 'text',
    required: false,
    options: [],
    unit: null,
    version: 3,
    createdAt: new Date(0),
    updatedAt: new Date(0),
    ...overrides,
  });
}

/** Records what the service asks of the database; answers from `rows`. */
class FakeManager {
  readonly calls: string[] = [];
  constructor(
    private readonly rows: Definition[],
    private readonly insertError?: unknown,
  ) {}
  async query(sql: string): Promise<void> {
    this.calls.push(sql.startsWith('select pg_advisory_xact_lock') ? 'lock' : sql);
  }
  async countBy(): Promise<number> {
    return this.rows.length;
  }
  async findOne(): Promise<Definition | null> {
    return this.rows[0] ?? null;
  }
  create(_target: unknown, values: Partial<Definition>): Definition {
    return Object.assign(new Definition(), values);
  }
  async insert(): Promise<void> {
    this.calls.push('insert');
    if (this.insertError) throw this.insertError;
  }
  async update(_target: unknown, _where: unknown, values: Partial<Definition>): Promise<void> {
    this.calls.push(`update ${Object.keys(values).sort().join(',')}`);
  }
  async delete(): Promise<void> {
    this.calls.push('delete');
  }
}

class Definitions extends CustomFieldDefinitionsService<Kind, Definition> {
  constructor(manager: FakeManager, options: Partial<CustomFieldDefinitionsOptions<Kind, Definition>> = {}) {
    const transactions = { run: (_tenant: Principal, work: (m: EntityManager) => Promise<unknown>) => work(manager as unknown as EntityManager) };
    super(transactions as unknown as TenantTransactions, { entity: Definition, entityLabels: { thing: 'things' }, ...options });
  }

  protected async removeValues(manager: EntityManager): Promise<void> {
    await manager.query('remove values');
  }
}

const code = async (promise: Promise<unknown>): Promise<string | undefined> =>
  promise.then(
    () => undefined,
    (error: unknown) => (error instanceof CustomFieldException ? error.code : error instanceof ProblemException ? String(error.problem['code']) : String(error)),
  );

const newField = { entityType: 'thing' as const, key: 'size', label: 'Size', type: 'number' as const };

describe('CustomFieldDefinitionsService', () => {
  it('enforces maxPerEntityType under a per-tenant lock, and takes no lock without a limit', async () => {
    const full = new FakeManager([stored(), stored()]);
    expect(await code(new Definitions(full, { maxPerEntityType: 2 }).create(principal, newField))).toBe(CustomFieldExceptionCode.LIMIT_REACHED);
    expect(full.calls).toEqual(['lock']);
    const unlimited = new FakeManager([stored(), stored()]);
    await new Definitions(unlimited).create(principal, newField);
    expect(unlimited.calls).toEqual(['insert']);
  });

  it('answers KEY_TAKEN when the unique index refuses the insert', async () => {
    const manager = new FakeManager([], { driverError: { code: '23505' } });
    expect(await code(new Definitions(manager).create(principal, newField))).toBe(CustomFieldExceptionCode.KEY_TAKEN);
  });

  it('leaves a definition alone on an empty update unless emptyUpdateBumpsVersion', async () => {
    const quiet = new FakeManager([stored()]);
    expect((await new Definitions(quiet).update(principal, 'd1', {}, VersionPrecondition.NONE)).version).toBe(3);
    expect(quiet.calls).toEqual([]);
    const bumping = new FakeManager([stored()]);
    expect((await new Definitions(bumping, { emptyUpdateBumpsVersion: true }).update(principal, 'd1', {}, VersionPrecondition.NONE)).version).toBe(4);
    expect(bumping.calls).toEqual(['update updatedAt,version']);
  });

  it('checks the version before anything, and removes the values before the definition', async () => {
    const stale = new FakeManager([stored()]);
    expect(await code(new Definitions(stale).remove(principal, 'd1', VersionPrecondition.fromIfMatch('"2"')))).toBe('VERSION_MISMATCH');
    expect(stale.calls).toEqual([]);
    const manager = new FakeManager([stored()]);
    await new Definitions(manager).remove(principal, 'd1', VersionPrecondition.fromIfMatch('"3"'));
    expect(manager.calls).toEqual(['remove values', 'delete']);
  });
});
