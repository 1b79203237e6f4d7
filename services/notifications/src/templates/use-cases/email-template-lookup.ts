import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DEFAULT_ALERT_EMAIL_TEMPLATE, type EmailTemplate } from '../../channels';
import { NotificationTemplateRepository } from '../notification-template.repository';

/** The e-mail template a delivery of an alert type uses: the tenant's own, else the default. */
@Injectable()
export class EmailTemplateLookup {
  constructor(@Inject(NotificationTemplateRepository) private readonly templates: NotificationTemplateRepository) {}

  async forAlertType(manager: EntityManager, tenantId: string, alertType: string | undefined): Promise<EmailTemplate> {
    const own = alertType === undefined ? null : await this.templates.find(manager, tenantId, alertType, 'email');
    return own ? { subject: own.subject, text: own.text, mjml: own.mjml } : DEFAULT_ALERT_EMAIL_TEMPLATE;
  }
}
