export { NotificationContact } from './notification-contact.entity';
export { ContactRepository } from './contact.repository';
export { ContactInboxPreferences } from './contact-inbox-preferences';
export { PersonRouting, type AlertToRoute } from './person-routing.service';
export { RecipientsModule } from './recipients.module';
