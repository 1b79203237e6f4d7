import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DEFAULT_ALERT_EMAIL_TEMPLATE, DEFAULT_DIGEST_EMAIL_TEMPLATE, DIGEST_TEMPLATE_KEY, type EmailTemplate } from '../../channels';
import { NotificationTemplateRepository } from '../notification-template.repository';

/** The built-in template of a key: the digest's, or the one every alert type shares. */
export function defaultEmailTemplate(templateKey: string | undefined): EmailTemplate {
  return templateKey === DIGEST_TEMPLATE_KEY ? DEFAULT_DIGEST_EMAIL_TEMPLATE : DEFAULT_ALERT_EMAIL_TEMPLATE;
}

/** The e-mail template a delivery uses (`templateKey`: its alert's type, or the digest key): the tenant's own, else the default. */
@Injectable()
export class EmailTemplateLookup {
  constructor(@Inject(NotificationTemplateRepository) private readonly templates: NotificationTemplateRepository) {}

  async forKey(manager: EntityManager, tenantId: string, templateKey: string | undefined): Promise<EmailTemplate> {
    const own = templateKey === undefined ? null : await this.templates.find(manager, tenantId, templateKey, 'email');
    return own ? { subject: own.subject, text: own.text, mjml: own.mjml } : defaultEmailTemplate(templateKey);
  }
}
