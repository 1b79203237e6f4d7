import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@mate/service-kit';
import type { EntityManager } from 'typeorm';
import type { CustomFieldValueOwner } from '../custom-fields/custom-field-value-owners';
import { WorkRequestRepository } from './work-request.repository';

/** A deleted request field: work requests have no version and publish no update event, only the value goes. */
@Injectable()
export class RemoveRequestCustomFieldValues implements CustomFieldValueOwner {
  readonly entityType = 'work_request';

  constructor(@Inject(WorkRequestRepository) private readonly requests: WorkRequestRepository) {}

  async removeValues(manager: EntityManager, principal: Principal, key: string): Promise<void> {
    await this.requests.removeCustomFieldValue(manager, principal.tenantId, key);
  }
}
