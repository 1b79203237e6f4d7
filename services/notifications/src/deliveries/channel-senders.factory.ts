import { ChatSender, EmailSender, EmailTemplateEngine, WebhookSender, type OutboundHttp } from '../channels';
import type { NotificationsConfig } from '../config/notifications.config';
import type { ChannelSenders } from './channel-senders';

/** One sender per channel, from the service's configuration. */
export function createChannelSenders(config: NotificationsConfig, http: OutboundHttp): ChannelSenders {
  const { extra } = config;
  return {
    webhook: new WebhookSender(http, () => new Date(), extra.WEBHOOK_TIMEOUT_MS),
    slack: new ChatSender('slack', http, extra.WEBHOOK_TIMEOUT_MS),
    teams: new ChatSender('teams', http, extra.WEBHOOK_TIMEOUT_MS),
    email: new EmailSender(
      {
        host: extra.SMTP_HOST,
        port: extra.SMTP_PORT,
        secure: extra.SMTP_SECURE,
        user: extra.SMTP_USER || undefined,
        password: extra.SMTP_PASSWORD || undefined,
        from: extra.SMTP_FROM,
        timeoutMs: extra.WEBHOOK_TIMEOUT_MS,
      },
      new EmailTemplateEngine(),
    ),
  };
}
