import { randomBytes } from 'node:crypto';
import { DecryptionError, EnvelopeEncryption, MasterKeyringError, UnknownMasterKeyError, parseMasterKeyring } from './index';

const OLD = `1:${randomBytes(32).toString('base64')}`;
const NEW = `2:${randomBytes(32).toString('base64')}`;
const PLACE = { tenantId: 't-1', connectionId: 'c-1', purpose: 'credentials' } as const;
const SECRETS = { apiKey: 'planted-secret-0b7c' };

describe('master keyring', () => {
  it('takes the first key as current and accepts every listed version', () => {
    const ring = parseMasterKeyring(`${NEW}, ${OLD}`);
    expect(ring.current.version).toBe(2);
    expect([...ring.byVersion.keys()]).toEqual([2, 1]);
  });

  it.each([
    ['nothing', '', 'no master key configured'],
    ['a short key', '1:c2hvcnQ=', 'master key version 1 must be 32 bytes'],
    ['a key without a version', 'secret-without-version', 'master key 1 is not "<version>:<base64>"'],
    ['a version twice', `${OLD},${OLD}`, 'master key version 1 is listed twice'],
  ])('refuses %s without repeating the value', (_, text, message) => {
    expect(() => parseMasterKeyring(text)).toThrow(new MasterKeyringError(message));
  });
});

describe('envelope encryption', () => {
  const envelope = new EnvelopeEncryption(parseMasterKeyring(OLD));

  it('round-trips credentials through a wrapped data key, and the sealed bytes do not contain the secret', () => {
    const { dataKey, wrapped } = envelope.newDataKey('t-1');
    const sealed = envelope.encryptCredentials(dataKey, PLACE, SECRETS);
    expect(sealed.toString('latin1')).not.toContain(SECRETS.apiKey);
    expect(envelope.decryptCredentials(envelope.unwrap(wrapped), PLACE, sealed)).toEqual(SECRETS);
  });

  it('uses a fresh IV for every value', () => {
    const { dataKey } = envelope.newDataKey('t-1');
    expect(envelope.encryptCredentials(dataKey, PLACE, SECRETS)).not.toEqual(envelope.encryptCredentials(dataKey, PLACE, SECRETS));
  });

  it.each([
    ['another connection', { ...PLACE, connectionId: 'c-2' }],
    ['another tenant', { ...PLACE, tenantId: 't-2' }],
    ['another purpose', { ...PLACE, purpose: 'session' as const }],
  ])('refuses a ciphertext moved to %s', (_, place) => {
    const { dataKey } = envelope.newDataKey('t-1');
    const sealed = envelope.encryptCredentials(dataKey, PLACE, SECRETS);
    expect(() => envelope.decryptCredentials(dataKey, place, sealed)).toThrow(DecryptionError);
  });

  it('refuses tampered bytes and a data key wrapped for another tenant', () => {
    const { dataKey, wrapped } = envelope.newDataKey('t-1');
    const sealed = envelope.encryptCredentials(dataKey, PLACE, SECRETS);
    sealed[sealed.length - 1] ^= 1;
    expect(() => envelope.decryptCredentials(dataKey, PLACE, sealed)).toThrow(DecryptionError);
    expect(() => envelope.unwrap({ ...wrapped, tenantId: 't-2' })).toThrow(DecryptionError);
  });
});

describe('master key rotation', () => {
  it('reads keys wrapped by the old master key, rewraps them with the new one, and then needs the old key no more', () => {
    const before = new EnvelopeEncryption(parseMasterKeyring(OLD));
    const { dataKey, wrapped } = before.newDataKey('t-1');
    const sealed = before.encryptCredentials(dataKey, PLACE, SECRETS);

    const during = new EnvelopeEncryption(parseMasterKeyring(`${NEW},${OLD}`));
    expect(during.decryptCredentials(during.unwrap(wrapped), PLACE, sealed)).toEqual(SECRETS);
    const rewrapped = during.rewrap(wrapped);
    expect(rewrapped?.masterKeyVersion).toBe(2);
    expect(rewrapped && during.rewrap(rewrapped)).toBeUndefined();

    const after = new EnvelopeEncryption(parseMasterKeyring(NEW));
    expect(() => after.unwrap(wrapped)).toThrow(UnknownMasterKeyError);
    expect(after.decryptCredentials(after.unwrap(rewrapped!), PLACE, sealed)).toEqual(SECRETS);
  });
});
