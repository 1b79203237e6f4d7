import type { ServiceConfig } from '@mate/service-kit';
import { bool, num, str } from 'envalid';

export const NOTIFICATIONS_SERVICE = 'notifications';

/** The service's database on the server of DATABASE_URL. */
export const NOTIFICATIONS_DATABASE = 'mate_notifications';

/** The service's own environment variables, validated at boot on top of the chassis' common ones. */
/** Development only (`devDefault`): production must configure its own master key. */
export const DEV_NOTIFICATIONS_MASTER_KEYS = `1:${Buffer.alloc(32, 'mate-dev-notifications-key').toString('base64')}`;

export const NOTIFICATIONS_CONFIG_SPEC = {
  /**
   * Secret. Master keys that wrap each tenant's data key, which seals the webhook signing secrets
   * (`@mate/secrets`): `<version>:<base64 of 32 bytes>`, the current key first, comma-separated.
   */
  NOTIFICATIONS_MASTER_KEYS: str({ devDefault: DEV_NOTIFICATIONS_MASTER_KEYS }),
  /** After a secret rotation the previous secret still signs (beside the new one) for this long. */
  WEBHOOK_SECRET_OVERLAP_HOURS: num({ default: 24 }),
  /** An endpoint whose deliveries have failed without a success for this long is disabled. */
  WEBHOOK_DISABLE_AFTER_HOURS: num({ default: 72 }),
  /** The SMTP server e-mail alerts go through. */
  SMTP_HOST: str({ default: '127.0.0.1' }),
  SMTP_PORT: num({ default: 1025 }),
  /** TLS from the first byte (port 465); otherwise STARTTLS when offered. */
  SMTP_SECURE: bool({ default: false }),
  SMTP_USER: str({ default: '' }),
  SMTP_PASSWORD: str({ default: '' }),
  SMTP_FROM: str({ default: "Mechanic's Mate <alerts@localhost>" }),
  /** How often due deliveries are handed to the job queue (at least 1 s). */
  DELIVERY_SWEEP_INTERVAL_MS: num({ default: 1_000 }),
  /**
   * Hosts, addresses and CIDR ranges beyond the public internet that webhook and chat deliveries
   * of every tenant may reach (comma-separated); each tenant's administrator adds their own
   * (`/api/v1/outbound-allow-list`).
   */
  OUTBOUND_ALLOW_LIST: str({ default: '' }),
  /** A webhook or chat receiver slower than this is retried later. */
  WEBHOOK_TIMEOUT_MS: num({ default: 10_000 }),
  /**
   * The tenant whose inbox holds the operators' alerts (dead letters of any service); empty: the
   * dead-letter topics are not watched.
   */
  OPERATIONS_TENANT_ID: str({ default: '' }),
  /** How often the dead-letter topics' offsets are compared with what was counted. */
  DEAD_LETTER_CHECK_INTERVAL_MS: num({ default: 60_000 }),
  /**
   * The first retry delay of a failed delivery; each further one doubles (capped at 4 h, half of it
   * random) until 24 h after the first attempt. Tests shorten it.
   */
  DELIVERY_RETRY_FIRST_DELAY_MS: num({ default: 5_000 }),
  /** Digest rules collect low-severity alerts into one message per target and window of this length (UTC-aligned). */
  DIGEST_WINDOW_SECONDS: num({ default: 3_600 }),
};

export type NotificationsConfig = ServiceConfig<typeof NOTIFICATIONS_CONFIG_SPEC>;

/** The deployment-wide outbound allow-list (OUTBOUND_ALLOW_LIST), one entry per comma. */
export function outboundAllowList(config: NotificationsConfig): string[] {
  return config.extra.OUTBOUND_ALLOW_LIST.split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
}
