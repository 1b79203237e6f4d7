import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** How to reach a work request's requester, kept from its submission until the decision. */
export interface RequestContact {
  requestId: string;
  requesterId: string;
  title: string;
  name: string;
  email: string;
}

/** The request_contacts table; every query in the caller's (inbox) transaction, tenant set. */
@Injectable()
export class RequestContactRepository {
  async remember(manager: EntityManager, tenantId: string, contact: RequestContact, submittedAt: Date): Promise<void> {
    await manager.query(
      `insert into request_contacts (tenant_id, request_id, requester_id, title, name, email, submitted_at)
       values ($1, $2, $3, $4, $5, $6, $7) on conflict (tenant_id, request_id) do nothing`,
      [tenantId, contact.requestId, contact.requesterId, contact.title, contact.name, contact.email, submittedAt],
    );
  }

  /** The contact of a decided request, forgotten as it is read: the decision is its last use. */
  async takeForDecision(manager: EntityManager, tenantId: string, requestId: string): Promise<RequestContact | null> {
    const rows: Array<{ request_id: string; requester_id: string; title: string; name: string; email: string }> = await manager.query(
      // A select around the delete: TypeORM answers a bare DELETE … RETURNING with [rows, count].
      `with taken as (delete from request_contacts where tenant_id = $1 and request_id = $2 returning request_id, requester_id, title, name, email)
       select * from taken`,
      [tenantId, requestId],
    );
    const row = rows[0];
    return row ? { requestId: row.request_id, requesterId: row.requester_id, title: row.title, name: row.name, email: row.email } : null;
  }
}
