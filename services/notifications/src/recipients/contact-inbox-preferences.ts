import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { kindsOutOfInbox, type AlertKind } from '../alert-rules';
import { InboxPreferences } from '../alerts';
import { ContactRepository } from './contact.repository';

/** A reader's inbox preferences from their notification contact; without one, they see every kind. */
@Injectable()
export class ContactInboxPreferences extends InboxPreferences {
  constructor(@Inject(ContactRepository) private readonly contacts: ContactRepository) {
    super();
  }

  async hiddenKinds(manager: EntityManager, tenantId: string, userId: string): Promise<readonly AlertKind[]> {
    const contact = await this.contacts.find(manager, tenantId, { userId });
    return contact ? kindsOutOfInbox(contact) : [];
  }
}
