import { EnvError, makeValidator } from 'envalid';

// envalid's own `url` validator repeats the value in its error; these never do, because a
// database URL may carry a password.

export const postgresUrl = makeValidator<string>((input) => {
  let parsed: URL;
  try {
    parsed = new URL(input);
  } catch {
    throw new EnvError('must be a postgres:// URL');
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new EnvError('must be a postgres:// URL');
  }
  return input;
});

export const httpUrl = makeValidator<string>((input) => {
  let parsed: URL;
  try {
    parsed = new URL(input);
  } catch {
    throw new EnvError('must be an http(s) URL');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new EnvError('must be an http(s) URL');
  return input;
});

export const brokerList = makeValidator<string[]>((input) => {
  const brokers = input
    .split(',')
    .map((broker) => broker.trim())
    .filter((broker) => broker.length > 0);
  if (brokers.length === 0 || brokers.some((broker) => !/^[^\s:]+:\d{1,5}$/.test(broker))) {
    throw new EnvError('must be a comma-separated list of host:port');
  }
  return brokers;
});

export const sqlIdentifier = makeValidator<string>((input) => {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(input)) throw new EnvError('must be a lower-case SQL identifier');
  return input;
});

/** A whole number of seconds, 0 or more. */
export const seconds = makeValidator<number>((input) => {
  if (!/^\d{1,9}$/.test(input)) throw new EnvError('must be a whole number of seconds, 0 or more');
  return Number(input);
});

/** A whole number from 1 to 1,000 (a pool's size, a count of workers). */
export const positiveCount = makeValidator<number>((input) => {
  if (!/^\d{1,4}$/.test(input) || Number(input) < 1 || Number(input) > 1_000) throw new EnvError('must be a whole number from 1 to 1000');
  return Number(input);
});

/** A size understood by body-parser, e.g. `1mb`, `512kb`. */
export const byteSize = makeValidator<string>((input) => {
  if (!/^\d+(b|kb|mb)$/i.test(input)) throw new EnvError('must be a size such as 512kb or 1mb');
  return input.toLowerCase();
});
