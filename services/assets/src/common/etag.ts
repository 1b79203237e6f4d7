import type { Response } from 'express';
import { ProblemException } from '@mate/service-kit';

/** The strong validator of a versioned resource: its version (unique per URL). */
export function etagOf(version: number): string {
  return `"${version}"`;
}

export function setEtag(response: Response, version: number): void {
  response.setHeader('ETag', etagOf(version));
}

/**
 * Optimistic concurrency: with `If-Match`, the write happens only if the caller saw the current
 * version; otherwise 412. Without the header the write is unconditional.
 */
export function assertIfMatch(ifMatch: string | undefined, currentVersion: number): void {
  if (ifMatch === undefined || ifMatch.trim() === '' || ifMatch.trim() === '*') return;
  const tags = ifMatch.split(',').map((tag) => tag.trim().replace(/^W\//, ''));
  if (!tags.includes(etagOf(currentVersion))) {
    throw ProblemException.preconditionFailed(
      `the resource has changed since you read it (current ETag ${etagOf(currentVersion)}); read it again and retry`,
    );
  }
}
