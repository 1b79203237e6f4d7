import { createTransport, type Transporter } from 'nodemailer';
import type { ChannelSender, DeliveryOutcome, DeliveryRequest } from '../channel-sender';
import type { EmailTemplate, EmailTemplateEngine } from './email-template';
import { emailTemplateData } from './default-alert-template';
import { digestTemplateData } from './default-digest-template';

export interface SmtpSettings {
  host: string;
  port: number;
  /** TLS from the first byte (465); otherwise STARTTLS when the server offers it. */
  secure: boolean;
  user?: string;
  password?: string;
  from: string;
  timeoutMs: number;
}

export interface EmailTarget {
  to: readonly string[];
  /** The tenant's template (or the default) of what the delivery carries: its alert's type, or the digest. */
  template: EmailTemplate;
}

/**
 * Renders the alert with the tenant's template and sends it over SMTP. The Message-ID is made of
 * the delivery id, the same on every attempt, so a mail system (or a person) can spot the repeat
 * of an attempt whose answer was lost.
 */
export class EmailSender implements ChannelSender<EmailTarget> {
  readonly channel = 'email' as const;
  private readonly transport: Transporter;

  constructor(
    private readonly smtp: SmtpSettings,
    private readonly templates: EmailTemplateEngine,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.transport = createTransport({
      host: smtp.host,
      port: smtp.port,
      secure: smtp.secure,
      auth: smtp.user ? { user: smtp.user, pass: smtp.password } : undefined,
      connectionTimeout: smtp.timeoutMs,
      greetingTimeout: smtp.timeoutMs,
      socketTimeout: smtp.timeoutMs,
    });
  }

  async send(request: DeliveryRequest<EmailTarget>): Promise<DeliveryOutcome> {
    const started = this.now();
    const latencyMs = (): number => Math.round(this.now() - started);
    const message = request.digest
      ? await this.templates.render(request.target.template, digestTemplateData(request.digest))
      : await this.templates.render(request.target.template, emailTemplateData(request.alert));
    try {
      await this.transport.sendMail({
        from: this.smtp.from,
        to: [...request.target.to],
        subject: message.subject,
        text: message.text,
        html: message.html,
        messageId: `<${request.deliveryId}@notifications.mechanics-mate>`,
        headers: { 'X-Mate-Alert-Id': request.digest ? request.digest.alerts.map((alert) => alert.alertId).join(', ') : request.alert.alertId },
      });
      return { kind: 'delivered', latencyMs: latencyMs() };
    } catch (error) {
      return smtpFailure(error, latencyMs());
    }
  }

  close(): void {
    this.transport.close();
  }
}

/** SMTP 5xx refuses for good (unknown mailbox, policy); 4xx and network failures are retried. */
function smtpFailure(error: unknown, latencyMs: number): DeliveryOutcome {
  const responseCode = (error as { responseCode?: unknown }).responseCode;
  if (typeof responseCode === 'number') {
    const reason = `SMTP server answered ${responseCode}`;
    return responseCode >= 500
      ? { kind: 'rejected', latencyMs, reason, responseStatus: responseCode }
      : { kind: 'retryable', latencyMs, reason, responseStatus: responseCode };
  }
  return { kind: 'retryable', latencyMs, reason: 'SMTP connection failed' };
}
