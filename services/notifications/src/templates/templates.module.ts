import { Module } from '@nestjs/common';
import { EmailTemplateEngine } from '../channels';
import { NotificationTemplateRepository } from './notification-template.repository';
import { NotificationTemplatesController } from './notification-templates.controller';
import { EmailTemplateLookup } from './use-cases/email-template-lookup';
import { ManageNotificationTemplates } from './use-cases/manage-notification-templates';

/** Tenants' e-mail templates: their API, and the lookup deliveries use. */
@Module({
  controllers: [NotificationTemplatesController],
  providers: [NotificationTemplateRepository, ManageNotificationTemplates, EmailTemplateLookup, { provide: EmailTemplateEngine, useValue: new EmailTemplateEngine() }],
  exports: [EmailTemplateLookup],
})
export class TemplatesModule {}
