export { NotificationTemplate, type TemplateChannel } from './notification-template.entity';
export { EmailTemplateLookup } from './use-cases/email-template-lookup';
export { TemplatesModule } from './templates.module';
