import { Inject, Injectable } from '@nestjs/common';
import { assertSafeUrl, OutboundRequestRefusedError, type OutboundPolicy } from '@mate/net-guard';
import { ProblemException } from '@mate/service-kit';
import { outboundAllowList, type NotificationsConfig } from '../config/notifications.config';

/** Resolves host names in tests without the network; the system resolver otherwise. */
export const OUTBOUND_POLICY = Symbol('OUTBOUND_POLICY');

export function outboundPolicyOf(config: NotificationsConfig): OutboundPolicy {
  return { allowList: outboundAllowList(config) };
}

/**
 * The SSRF guard when a URL is saved (it runs again on every send, where it counts): a URL the
 * guard refuses is a 400 naming the field, with the guard's reason (host only, never the URL).
 */
@Injectable()
export class OutboundUrlCheck {
  constructor(@Inject(OUTBOUND_POLICY) private readonly policy: OutboundPolicy) {}

  async assertAllowed(url: string, field = 'url'): Promise<void> {
    try {
      await assertSafeUrl(url, this.policy);
    } catch (error) {
      if (error instanceof OutboundRequestRefusedError) throw ProblemException.validation([{ field, message: `${error.message} (${error.code})` }]);
      throw error;
    }
  }
}
