import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ProblemException, TenantTransactions, type Principal, type VersionPrecondition } from '@mate/service-kit';
import type { ChannelPreference, QuietHours } from '../../alert-rules';
import { ContactRepository } from '../contact.repository';
import type { NotificationContact } from '../notification-contact.entity';

export interface OwnPreferences {
  email: string | null;
  channelPreferences: ChannelPreference[];
  quietHours: QuietHours | null;
  digestOptOut: boolean;
}

/**
 * A user's own contact and preferences (`/api/v1/notification-preferences/me`), found by the
 * token's subject in the token's tenant. The first PUT adds them as a contact with the token's
 * roles; later ones keep the roles an administrator set.
 */
@Injectable()
export class OwnPreferencesUseCase {
  constructor(
    @Inject(TenantTransactions) private readonly transactions: TenantTransactions,
    @Inject(ContactRepository) private readonly contacts: ContactRepository,
  ) {}

  /** Their contact, or the defaults (version 0) before they have one. */
  get(principal: Principal): Promise<NotificationContact> {
    return this.transactions.run(principal, async (manager) => (await this.contacts.find(manager, principal.tenantId, { userId: principal.subject })) ?? defaults(principal));
  }

  put(principal: Principal, preferences: OwnPreferences, ifMatch: VersionPrecondition): Promise<NotificationContact> {
    return this.transactions.run(principal, async (manager) => {
      const current = await this.contacts.find(manager, principal.tenantId, { userId: principal.subject }, { forUpdate: true });
      ifMatch.assertMatches(current?.version ?? 0);
      const now = new Date();
      if (!current) {
        const created: NotificationContact = { ...defaults(principal), ...preferences, version: 1, createdAt: now, updatedAt: now };
        // Another first PUT of theirs won the race: theirs is the version this one did not see.
        if (!(await this.contacts.insertIfAbsent(manager, created))) throw ProblemException.versionMismatch('your preferences were saved by another request just now; read them again and retry');
        return created;
      }
      const changed: NotificationContact = { ...current, ...preferences, version: current.version + 1, updatedAt: now };
      await this.contacts.save(manager, changed);
      return changed;
    });
  }
}

function defaults(principal: Principal): NotificationContact {
  const now = new Date();
  return {
    id: randomUUID(),
    tenantId: principal.tenantId,
    userId: principal.subject,
    email: null,
    roles: [...principal.roles],
    homeLocationId: null,
    chatEndpointId: null,
    channelPreferences: [],
    quietHours: null,
    digestOptOut: false,
    version: 0,
    createdAt: now,
    updatedAt: now,
  };
}
