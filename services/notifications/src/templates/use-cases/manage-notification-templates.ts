import { Inject, Injectable } from '@nestjs/common';
import { ProblemException, TenantTransactions, type Principal, type VersionPrecondition } from '@mate/service-kit';
import type { EntityManager } from 'typeorm';
import { ALERT_TYPES, isAlertType } from '../../alert-rules';
import { DIGEST_TEMPLATE_KEY, EmailTemplateEngine, digestTemplateData, emailTemplateData, type AlertMessage, type EmailTemplate, type RenderedEmail } from '../../channels';
import type { TemplateChannel } from '../notification-template.entity';
import { NotificationTemplateRepository } from '../notification-template.repository';
import { defaultEmailTemplate } from './email-template-lookup';

/** A template as the API shows it: the tenant's own (`version` ≥ 1) or the default (`version` 0). `alertType` may be the digest key. */
export interface TemplateInUse extends EmailTemplate {
  alertType: string;
  channel: TemplateChannel;
  custom: boolean;
  version: number;
}

const CHANNELS: readonly TemplateChannel[] = ['email'];

/** What has an editable template: every alert type, and the digest (its alerts in one message). */
const TEMPLATE_KEYS: readonly string[] = [...Object.keys(ALERT_TYPES), DIGEST_TEMPLATE_KEY];

/** An alert type (or the digest key) and channel from the path: unknown ones are a 400 naming the parameter. */
export function templateKey(alertType: string, channel: string): { alertType: string; channel: TemplateChannel } {
  const errors = [
    ...(isAlertType(alertType) || alertType === DIGEST_TEMPLATE_KEY ? [] : [{ field: 'alertType', message: `alertType must be one of ${TEMPLATE_KEYS.join(', ')}` }]),
    ...((CHANNELS as readonly string[]).includes(channel) ? [] : [{ field: 'channel', message: 'channel must be email (the only channel with editable templates)' }]),
  ];
  if (errors.length > 0) throw ProblemException.validation(errors);
  return { alertType, channel: channel as TemplateChannel };
}

/**
 * Tenants' e-mail templates per alert type: read (the default where none is saved), saved after
 * the engine accepts every part (a malformed one is a 400 naming the part, nothing saved),
 * reverted to the default, and previewed with sample data.
 */
@Injectable()
export class ManageNotificationTemplates {
  constructor(
    @Inject(TenantTransactions) private readonly transactions: TenantTransactions,
    @Inject(NotificationTemplateRepository) private readonly templates: NotificationTemplateRepository,
    @Inject(EmailTemplateEngine) private readonly engine: EmailTemplateEngine,
  ) {}

  list(principal: Principal): Promise<TemplateInUse[]> {
    return this.transactions.run(principal, async (manager) => {
      const own = new Map((await this.templates.listOfTenant(manager, principal.tenantId)).map((template) => [`${template.alertType}:${template.channel}`, template]));
      return TEMPLATE_KEYS.flatMap((alertType) => CHANNELS.map((channel) => inUse(alertType, channel, own.get(`${alertType}:${channel}`) ?? null)));
    });
  }

  get(principal: Principal, alertType: string, channel: TemplateChannel): Promise<TemplateInUse> {
    return this.transactions.run(principal, (manager) => this.current(manager, principal.tenantId, alertType, channel));
  }

  async put(principal: Principal, alertType: string, channel: TemplateChannel, template: EmailTemplate, ifMatch: VersionPrecondition): Promise<TemplateInUse> {
    await this.assertValid(template, '');
    return this.transactions.run(principal, async (manager) => {
      const current = await this.current(manager, principal.tenantId, alertType, channel, { forUpdate: true });
      ifMatch.assertMatches(current.version);
      const saved = { tenantId: principal.tenantId, alertType, channel, ...pickParts(template), version: current.version + 1, updatedAt: new Date() };
      await this.templates.upsert(manager, saved);
      return inUse(alertType, channel, saved);
    });
  }

  /** Back to the default; its version moves on, so a stale If-Match still fails afterwards. */
  revert(principal: Principal, alertType: string, channel: TemplateChannel, ifMatch: VersionPrecondition): Promise<void> {
    return this.transactions.run(principal, async (manager) => {
      const current = await this.current(manager, principal.tenantId, alertType, channel, { forUpdate: true });
      ifMatch.assertMatches(current.version);
      if (current.custom) await this.templates.delete(manager, { tenantId: principal.tenantId, alertType, channel });
    });
  }

  /** Renders `draft` (or the template in use) with a sample alert of the type (a digest of two samples for the digest key). */
  async preview(principal: Principal, alertType: string, channel: TemplateChannel, draft: EmailTemplate | undefined): Promise<RenderedEmail> {
    if (draft) await this.assertValid(draft, 'template.');
    const template = draft ?? (await this.get(principal, alertType, channel));
    return this.engine.render(pickParts(template), sampleData(principal.tenantId, alertType));
  }

  private async current(manager: EntityManager, tenantId: string, alertType: string, channel: TemplateChannel, options: { forUpdate?: boolean } = {}): Promise<TemplateInUse> {
    return inUse(alertType, channel, await this.templates.find(manager, tenantId, alertType, channel, options));
  }

  /** Every part through the engine; problems name the field under `prefix` (where the body holds it). */
  private async assertValid(template: EmailTemplate, prefix: string): Promise<void> {
    const problems = await this.engine.validate(pickParts(template));
    if (problems.length > 0) throw ProblemException.validation(problems.map(({ field, message }) => ({ field: `${prefix}${field}`, message })), 'the template does not parse');
  }
}

function pickParts({ subject, text, mjml }: EmailTemplate): EmailTemplate {
  return { subject, text, mjml };
}

function inUse(alertType: string, channel: TemplateChannel, own: (EmailTemplate & { version: number }) | null): TemplateInUse {
  return own ? { alertType, channel, custom: true, ...pickParts(own), version: own.version } : { alertType, channel, custom: false, ...defaultEmailTemplate(alertType), version: 0 };
}

/** What a preview renders: the data the service would render the template with, with sample values. */
function sampleData(tenantId: string, templateKey: string): Record<string, unknown> {
  if (templateKey !== DIGEST_TEMPLATE_KEY) return emailTemplateData(sampleAlert(tenantId, templateKey));
  const opened = sampleAlert(tenantId, 'part.below_reorder_point');
  const resolved = { ...sampleAlert(tenantId, 'connection.degraded'), status: 'resolved' as const, notification: 'alert.resolved' as const };
  return digestTemplateData({ tenantId, windowEnd: new Date('2026-12-04T10:00:00Z'), alerts: [opened, resolved] });
}

/** An alert of the type as the service would send it, with sample values. */
function sampleAlert(tenantId: string, alertType: string): AlertMessage {
  const definition = ALERT_TYPES[alertType as keyof typeof ALERT_TYPES];
  const seen = new Date('2026-12-04T08:00:00Z');
  return {
    alertId: '00000000-0000-7000-8000-000000000001',
    tenantId,
    type: alertType,
    severity: definition.severity,
    status: 'open',
    title: `Sample ${alertType} alert`,
    summary: 'This is how the alert reads; the values are samples.',
    subject: { kind: definition.subjectKind, id: '00000000-0000-7000-8000-000000000002', name: 'Sample subject' },
    occurrenceCount: 3,
    firstSeenAt: seen,
    lastSeenAt: new Date(seen.getTime() + 3_600_000),
    eventIds: ['00000000-0000-7000-8000-000000000003'],
    notification: 'alert.opened',
  };
}
