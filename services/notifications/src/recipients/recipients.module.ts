import { Module } from '@nestjs/common';
import { EndpointsModule } from '../endpoints';
import { LocationsModule } from '../locations';
import { PersonRouting } from './person-routing.service';
import { ContactInboxPreferences } from './contact-inbox-preferences';
import { ContactRepository } from './contact.repository';
import { NotificationContactsController } from './notification-contacts.controller';
import { NotificationPreferencesController } from './notification-preferences.controller';
import { ManageContacts } from './use-cases/manage-contacts';
import { OwnPreferencesUseCase } from './use-cases/own-preferences';

/** People as recipients: the tenant's contacts, each user's own preferences, and what routing reads of them. */
@Module({
  imports: [EndpointsModule, LocationsModule],
  controllers: [NotificationContactsController, NotificationPreferencesController],
  providers: [ContactRepository, ContactInboxPreferences, ManageContacts, OwnPreferencesUseCase, PersonRouting],
  exports: [ContactRepository, ContactInboxPreferences, PersonRouting],
})
export class RecipientsModule {}
