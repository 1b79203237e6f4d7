import type { ServiceConfig } from '@mate/service-kit';
import { bool, num, str } from 'envalid';

export const NOTIFICATIONS_SERVICE = 'notifications';

/** The service's database on the server of DATABASE_URL. */
export const NOTIFICATIONS_DATABASE = 'mate_notifications';

/** The service's own environment variables, validated at boot on top of the chassis' common ones. */
export const NOTIFICATIONS_CONFIG_SPEC = {
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
   * may reach (comma-separated), e.g. a receiver on the site's LAN. Deployment-wide until tenants
   * manage their own list.
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
};

export type NotificationsConfig = ServiceConfig<typeof NOTIFICATIONS_CONFIG_SPEC>;
