import type { Response } from 'express';
import { ProblemException } from '../errors/problem.exception';

/** The strong validator of a versioned resource: its version, quoted (unique per URL). */
export function etagOf(version: number): string {
  return `"${version}"`;
}

/** Answers the resource's version as its ETag, for the caller's next `If-Match`. */
export function setEtag(response: Response, version: number): void {
  response.setHeader('ETag', etagOf(version));
}

/**
 * One entity-tag of RFC 9110 (`"3"`, `W/"3"`) after any empty list elements, and the comma that
 * ends it. A tag may itself hold a comma, so the list is read tag by tag rather than split.
 */
const ENTITY_TAG = /(?:\s*,)*\s*(?:W\/)?"([\x21\x23-\x7e\x80-\xff]*)"\s*(?:,|$)/y;
/** Empty list elements at the end, which RFC 9110 §5.6.1 asks a recipient to ignore. */
const TRAILING_EMPTY_ELEMENTS = /[\s,]+$/;
const VERSION_TAG = /^\d{1,15}$/;

function malformed(): ProblemException {
  return ProblemException.validation([{ field: 'If-Match', message: 'must be * or a list of ETags of this resource, e.g. "3"' }]);
}

/** The opaque values of a list of entity-tags, or 400 naming If-Match when the header is not one. */
function entityTags(header: string): string[] {
  const list = header.replace(TRAILING_EMPTY_ELEMENTS, '');
  const tags: string[] = [];
  const reader = new RegExp(ENTITY_TAG);
  while (reader.lastIndex < list.length) {
    const match = reader.exec(list);
    if (!match) throw malformed();
    tags.push(match[1]);
  }
  if (tags.length === 0) throw malformed();
  return tags;
}

/**
 * Optimistic concurrency: the versions a write may apply to, read from `If-Match` (RFC 9110
 * §13.1.1). Without the header, or with `*`, the write is unconditional. A header that is not a list
 * of entity-tags answers 400 naming If-Match; tags that name no current version answer 412 when
 * the write is tried. A weak tag (`W/"3"`) counts as its strong twin: proxies weaken the ETags of
 * answers they compress, and the version it names is the same.
 */
export class VersionPrecondition {
  /** No precondition: the write applies to whatever version is current. */
  static readonly NONE = new VersionPrecondition(undefined);

  private constructor(private readonly versions: ReadonlySet<number> | undefined) {}

  static fromIfMatch(header: string | undefined): VersionPrecondition {
    if (header === undefined || header.trim() === '*') return VersionPrecondition.NONE;
    const versions = entityTags(header)
      .filter((tag) => VERSION_TAG.test(tag))
      .map(Number);
    return new VersionPrecondition(new Set(versions));
  }

  /** Whether a write may apply to `currentVersion`. */
  matches(currentVersion: number): boolean {
    return this.versions === undefined || this.versions.has(currentVersion);
  }

  /** 412 VERSION_MISMATCH, naming the current ETag, unless the caller saw `currentVersion`. */
  assertMatches(currentVersion: number): void {
    if (this.matches(currentVersion)) return;
    throw ProblemException.versionMismatch(`the resource has changed since you read it (current ETag ${etagOf(currentVersion)}); read it again and retry`);
  }
}
