import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { EventOutbox } from '@mate/messaging';
import { ProblemException, TenantTransactions, type Principal } from '@mate/service-kit';
import type { EntityManager } from 'typeorm';
import { UpstreamFailure, type AdapterConnection, type AuthSession, type EntityOperations, type RemoteRecord } from '../../adapters';
import type { JsonObject } from '../../adapters/upstream-reply';
import type { Connection } from '../../connections/connection.entity';
import { UpstreamGateway } from '../../upstream/upstream-gateway';
import type { EntityCapability } from '../capabilities/capability.types';
import { capabilityOf } from '../capabilities/write-rules';
import { WriteLedgerEntry, type StoredAnswer } from '../ledger/write-ledger.entity';
import { WriteLedgerRepository } from '../ledger/write-ledger.repository';
import { toNativeFields } from '../remote-fields';
import { writeFailed, writeSucceeded, type WriteScope } from '../write.events';
import { isDefinitive, keyReused, outcomeUnknown, rulesRejected, upstreamProblem, writeInProgress } from '../write.problems';
import { CheckWrite, type CheckedWrite, type WriteInput } from './check-write';

/** How long one attempt holds its key; a retry after that resumes a write whose outcome is unknown. */
const LEASE_MS = 30_000;
/**
 * How far before the first attempt a record found by its fields may have been stamped: the
 * system's clock against ours, and systems that keep whole seconds (Limble).
 */
const CLOCK_SKEW_MS = 120_000;
/** How long a key is remembered (Merge keeps idempotency keys for 24 hours). */
const KEY_TTL_MS = 24 * 3600_000;

export interface WriteAnswer extends StoredAnswer {
  replayed: boolean;
}

/** An upstream call's context, as the gateway hands it to the work. */
interface UpstreamContext {
  operations: EntityOperations;
  connection: AdapterConnection;
  session: AuthSession;
}

interface Attempt {
  entry: WriteLedgerEntry;
  /** The earlier attempt's outcome is unknown: a create looks for its record before sending again. */
  resumed: boolean;
}

/**
 * A write through the unified API: checked against every rule before anything goes upstream, its
 * intent recorded under the Idempotency-Key, sent with the system's own mechanics, and its
 * outcome recorded with WriteSucceeded or WriteFailed in the same transaction. A retry with the
 * same key gets the first answer again; a retry after a lost reply finds the record the first
 * attempt made (by its tag, or by its values) instead of creating a second.
 */
@Injectable()
export class ExecuteWrite {
  constructor(
    @Inject(TenantTransactions) private readonly transactions: TenantTransactions,
    @Inject(WriteLedgerRepository) private readonly ledger: WriteLedgerRepository,
    @Inject(EventOutbox) private readonly outbox: EventOutbox,
    @Inject(UpstreamGateway) private readonly gateway: UpstreamGateway,
    @Inject(CheckWrite) private readonly check: CheckWrite,
  ) {}

  async execute(principal: Principal, input: WriteInput, idempotencyKey: string): Promise<WriteAnswer> {
    const requestHash = hashOf(input);
    const earlier = await this.transactions.run(principal, (manager) => this.ledger.lock(manager, principal.tenantId, input.connectionId, idempotencyKey));
    if (earlier) return this.retry(principal, input, earlier, requestHash);
    const checked = await this.check.execute(principal, input);
    const scope = scopeOf(principal, checked.connection, input);
    if (checked.problems.length > 0) {
      const problem = rulesRejected(checked.problems);
      await this.transactions.run(principal, (manager) =>
        this.outbox.append(manager, [writeFailed(scope, { stage: 'rules', status: 422, remoteId: input.remoteId, fields: checked.problems.map((p) => p.field), reason: String(problem.problem.detail) }, new Date())]),
      );
      throw problem;
    }
    const entry = newEntry(principal, input, idempotencyKey, requestHash);
    const claimed = await this.transactions.run(principal, (manager) => this.ledger.claim(manager, entry));
    if (!claimed) throw writeInProgress();
    return this.send(scope, input, { entry, resumed: false }, checked);
  }

  /** The same key again: the first answer, a wait, or the resumption of a write whose outcome is unknown. */
  private async retry(principal: Principal, input: WriteInput, earlier: WriteLedgerEntry, requestHash: string): Promise<WriteAnswer> {
    if (earlier.requestHash !== requestHash) throw keyReused();
    if (earlier.state !== 'pending') return replay(earlier);
    if (earlier.leaseUntil && earlier.leaseUntil.getTime() > Date.now()) throw writeInProgress();
    const resumed = await this.transactions.run(principal, async (manager) => {
      const locked = await this.ledger.lock(manager, principal.tenantId, input.connectionId, earlier.idempotencyKey);
      if (!locked || locked.state !== 'pending' || (locked.leaseUntil && locked.leaseUntil.getTime() > Date.now())) return undefined;
      await this.ledger.resume(manager, locked, new Date(Date.now() + LEASE_MS));
      return locked;
    });
    if (!resumed) throw writeInProgress();
    // Rules are checked again: the record may have changed since the first attempt. A refusal
    // leaves the write open (its first attempt's outcome is still unknown) for the next retry.
    const checked = await this.check.execute(principal, input).catch(async (error: unknown) => {
      await this.transactions.run(principal, (manager) => this.ledger.release(manager, resumed));
      throw error;
    });
    if (checked.problems.length > 0) {
      await this.transactions.run(principal, (manager) => this.ledger.release(manager, resumed));
      throw rulesRejected(checked.problems);
    }
    return this.send(scopeOf(principal, checked.connection, input), input, { entry: resumed, resumed: true }, checked);
  }

  private async send(scope: WriteScope, input: WriteInput, attempt: Attempt, checked: CheckedWrite): Promise<WriteAnswer> {
    const capability = capabilityOf(scope.system, scope.entity) as EntityCapability;
    const { current, settings } = checked;
    const values = { fields: input.fields, customFields: input.customFields, settings };
    try {
      const { record, recovered } = await this.gateway.call(scope.tenantId, scope.connectionId, async (adapter, connection, session) => {
        const operations = adapter.entities[scope.entity] ?? {};
        const version = input.ifMatch ?? current?.version;
        if (input.operation === 'delete') {
          await operations.delete?.(connection, session, input.remoteId ?? '', version);
          return { record: { remoteId: input.remoteId ?? '', fields: {} }, recovered: false };
        }
        if (input.operation === 'update') {
          const native = toNativeFields(scope.system, scope.entity, capability, values);
          return { record: await (operations.update as NonNullable<typeof operations.update>)(connection, session, input.remoteId ?? '', native, version), recovered: false };
        }
        const native = toNativeFields(scope.system, scope.entity, capability, values, capability.createTag ? (attempt.entry.tag ?? undefined) : undefined);
        const found = attempt.resumed ? await this.findEarlierCreate(scope, { operations, connection, session }, capability, attempt.entry, native) : undefined;
        if (found) return { record: found, recovered: true };
        return { record: await (operations.create as NonNullable<typeof operations.create>)(connection, session, native), recovered: false };
      });
      return await this.succeeded(scope, input, attempt.entry, record, recovered, capability);
    } catch (error) {
      if (error instanceof UpstreamFailure) return this.failed(scope, input, attempt.entry, error);
      if (error instanceof ProblemException) await this.transactions.run(scope.tenantId, (manager) => this.ledger.release(manager, attempt.entry));
      throw error;
    }
  }

  /**
   * The record an in-doubt create made, or undefined when it made none (then it is sent again).
   * By the tag it carries where the system has a field for one (Maximo, SAP); else by the
   * records changed since the first attempt began that hold every value it sent, leaving out
   * those other writes of the connection are known to have made: one is ours; several cannot be
   * told apart, and a look-up that could not finish decides nothing, so both answer 409 rather
   * than risk a second record.
   */
  private async findEarlierCreate(scope: WriteScope, upstream: UpstreamContext, capability: EntityCapability, entry: WriteLedgerEntry, native: JsonObject): Promise<RemoteRecord | undefined> {
    const { operations, connection, session } = upstream;
    if (capability.createTag && operations.findByTag) return operations.findByTag(connection, session, capability.createTag, entry.tag ?? '');
    if (!operations.findCreated) throw outcomeUnknown(scope.system);
    const since = new Date(entry.createdAt.getTime() - CLOCK_SKEW_MS).toISOString();
    const candidates = await operations.findCreated(connection, session, native, since);
    if (candidates === undefined) throw outcomeUnknown(scope.system, 'too_many');
    const others = await this.transactions.run(scope.tenantId, (manager) => this.ledger.createdByWrites(manager, scope.connectionId, scope.entity, candidates.map((record) => record.remoteId)));
    const ours = candidates.filter((record) => !others.has(record.remoteId));
    if (ours.length > 1) throw outcomeUnknown(scope.system, 'ambiguous');
    const [found] = ours;
    if (!found) return undefined;
    // What the first attempt did not get to after its first call (Limble's status PATCH).
    return operations.completeCreate ? operations.completeCreate(connection, session, found, native) : found;
  }

  private async succeeded(scope: WriteScope, input: WriteInput, entry: WriteLedgerEntry, record: RemoteRecord, recovered: boolean, capability: EntityCapability): Promise<WriteAnswer> {
    const remoteId = record.remoteId || input.remoteId || '';
    const deleteMode = input.operation === 'delete' ? capability.delete.mode : undefined;
    const body = {
      write_id: entry.id,
      entity: input.entity,
      operation: input.operation,
      remote_id: remoteId,
      ...(record.version ? { remote_version: record.version } : {}),
      ...(deleteMode ? { delete_mode: deleteMode } : {}),
      fields: input.fields,
      custom_fields: input.customFields,
      recovered,
    };
    const answer: StoredAnswer = { status: input.operation === 'create' ? 201 : 200, body };
    await this.transactions.run(scope.tenantId, async (manager: EntityManager) => {
      await this.ledger.finish(manager, entry, { state: 'succeeded', remoteId, answer });
      await this.outbox.append(manager, [writeSucceeded(scope, { writeId: entry.id, remoteId, deleteMode, fields: { ...input.fields, custom_fields: input.customFields }, recovered }, new Date())]);
    });
    return { ...answer, replayed: false };
  }

  /** A definitive failure settles the key (replayed as is); any other leaves the write open for a retry with the same key. */
  private async failed(scope: WriteScope, input: WriteInput, entry: WriteLedgerEntry, failure: UpstreamFailure): Promise<never> {
    const problem = upstreamProblem(failure);
    const definitive = isDefinitive(failure);
    await this.transactions.run(scope.tenantId, async (manager: EntityManager) => {
      if (definitive) await this.ledger.finish(manager, entry, { state: 'failed', answer: { status: problem.getStatus(), body: problem.problem }, failureClass: failure.classification });
      else await this.ledger.release(manager, entry);
      await this.outbox.append(manager, [
        writeFailed(
          scope,
          { writeId: entry.id, remoteId: input.remoteId, stage: 'upstream', classification: failure.classification, status: problem.getStatus(), reason: failure.message, outcomeUnknown: !definitive && failure.classification === 'transient' },
          new Date(),
        ),
      ]);
    });
    throw problem;
  }
}

function replay(entry: WriteLedgerEntry): WriteAnswer {
  const body = entry.responseBody ?? {};
  const status = entry.responseStatus ?? 500;
  if (entry.state === 'failed') {
    const { status: _status, type, title, detail, ...extensions } = body;
    throw new ProblemException({ status, type: String(type), title: String(title), detail: String(detail), extensions: { ...extensions, replayed: true } });
  }
  return { status, body, replayed: true };
}

function scopeOf(principal: Principal, connection: Connection, input: WriteInput): WriteScope {
  return { tenantId: principal.tenantId, connectionId: connection.id, system: connection.system, entity: input.entity, operation: input.operation, requestedBy: principal.subject };
}

function newEntry(principal: Principal, input: WriteInput, idempotencyKey: string, requestHash: string): WriteLedgerEntry {
  const now = new Date();
  return Object.assign(new WriteLedgerEntry(), {
    tenantId: principal.tenantId,
    connectionId: input.connectionId,
    idempotencyKey,
    id: randomUUID(),
    entity: input.entity,
    operation: input.operation,
    remoteId: input.remoteId ?? null,
    requestHash,
    // The tag a create leaves on the upstream record: the write's own id, unique and meaningless outside.
    tag: input.operation === 'create' ? `mate-${randomUUID()}` : null,
    state: 'pending',
    attempts: 1,
    leaseUntil: new Date(now.getTime() + LEASE_MS),
    createdAt: now,
    updatedAt: now,
    expiresAt: new Date(now.getTime() + KEY_TTL_MS),
  });
}

function hashOf(input: WriteInput): string {
  const { connectionId, entity, operation, remoteId, fields, customFields } = input;
  return createHash('sha256').update(JSON.stringify({ connectionId, entity, operation, remoteId, fields, customFields })).digest('hex');
}
