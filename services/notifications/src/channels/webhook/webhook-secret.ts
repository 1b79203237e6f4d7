import { randomBytes } from 'node:crypto';

const PREFIX = 'whsec_';
/** 24 random bytes, as the Standard Webhooks reference implementations generate (the spec asks 24 to 64). */
const SECRET_BYTES = 24;

/** A new signing secret, in the `whsec_<base64>` form receivers paste into their library. */
export function generateWebhookSecret(): string {
  return PREFIX + randomBytes(SECRET_BYTES).toString('base64');
}

/** True for a `whsec_` secret whose key decodes to 24..64 bytes. */
export function isWebhookSecret(value: string): boolean {
  if (!value.startsWith(PREFIX)) return false;
  const key = value.slice(PREFIX.length);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(key)) return false;
  const length = Buffer.from(key, 'base64').length;
  return length >= 24 && length <= 64;
}
