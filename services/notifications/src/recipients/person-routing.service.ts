import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { planPersonDeliveries, type PersonRecipient, type PlannedDelivery, type RoutedAlert, type RoutingRule } from '../alert-rules';
import type { AlertSeverity } from '../channels';
import { LocationTreeRepository } from '../locations';
import { ContactRepository } from './contact.repository';

/** What routing reads of an alert being planned. */
export interface AlertToRoute {
  tenantId: string;
  type: string;
  severity: AlertSeverity;
  locationId: string | null;
  assetId: string | null;
  recipientUserId: string | null;
}

/**
 * Routing's view of places and people, read in the transaction that plans the deliveries: the
 * alert's location path (for rules' location filter) and the contacts its rules name.
 */
@Injectable()
export class PersonRouting {
  constructor(
    @Inject(ContactRepository) private readonly contacts: ContactRepository,
    @Inject(LocationTreeRepository) private readonly tree: LocationTreeRepository,
  ) {}

  async routedAlert(manager: EntityManager, alert: AlertToRoute): Promise<RoutedAlert> {
    const known = alert.locationId !== null || alert.assetId !== null;
    const locationPath = known ? await this.tree.pathOf(manager, alert.tenantId, { locationId: alert.locationId, assetId: alert.assetId }) : null;
    return { type: alert.type, severity: alert.severity, locationPath, recipientUserId: alert.recipientUserId };
  }

  /**
   * Deliveries to the people the rules name, and (`personal`: when a personal alert opens) to the
   * person it is for, on the channels of their preferences.
   */
  async plan(
    manager: EntityManager,
    tenantId: string,
    alert: RoutedAlert,
    rules: ReadonlyArray<RoutingRule & { recipients: readonly PersonRecipient[] }>,
    options: { personal: boolean; now: Date; digestWindowSeconds: number },
  ): Promise<PlannedDelivery[]> {
    const routed = options.personal ? alert : { ...alert, recipientUserId: null };
    const recipients = rules.flatMap((rule) => rule.recipients);
    const contacts = await this.contacts.forRouting(manager, tenantId, recipients, routed.recipientUserId);
    return contacts.length === 0 ? [] : planPersonDeliveries(routed, rules, contacts, options.now, options.digestWindowSeconds);
  }
}
