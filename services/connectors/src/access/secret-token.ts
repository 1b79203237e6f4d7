import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * High-entropy bearer tokens with a readable prefix (`mcn_` connection API tokens, `mcs_` connect
 * sessions). Only the SHA-256 hash is stored: a database dump reveals no usable token.
 */
export type TokenPrefix = 'mcn_' | 'mcs_';

export function newSecretToken(prefix: TokenPrefix): { token: string; hash: Buffer } {
  const token = `${prefix}${randomBytes(32).toString('base64url')}`;
  return { token, hash: hashToken(token) };
}

export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

export function hashesEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** `mcn_…` from an `Authorization: Bearer mcn_…` header, or undefined. */
export function bearerToken(header: string | undefined, prefix: TokenPrefix): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return match && match[1].startsWith(prefix) ? match[1] : undefined;
}
