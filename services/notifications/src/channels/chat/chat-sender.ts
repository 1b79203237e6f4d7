import type { ChannelSender, DeliveryOutcome, DeliveryRequest } from '../channel-sender';
import { outcomeOfHttp } from '../http/http-outcome';
import type { OutboundHttp } from '../http/outbound-http';
import { slackDigestPayload, slackPayload } from './slack-payload';
import { teamsDigestPayload, teamsPayload } from './teams-payload';

/** An incoming-webhook URL: the URL is the credential, so it is stored encrypted and never logged. */
export interface ChatTarget {
  url: string;
  /** Whose outbound allow-list the post goes through (absent: the deployment's only). */
  tenantId?: string;
}

export const DEFAULT_CHAT_TIMEOUT_MS = 10_000;

const FORMATS = {
  slack: { alert: slackPayload, digest: slackDigestPayload },
  teams: { alert: teamsPayload, digest: teamsDigestPayload },
} as const;

/** Posts an alert to a Slack or Teams incoming webhook: one sender, the format chosen by the channel. */
export class ChatSender implements ChannelSender<ChatTarget> {
  constructor(
    readonly channel: 'slack' | 'teams',
    private readonly http: OutboundHttp,
    private readonly timeoutMs = DEFAULT_CHAT_TIMEOUT_MS,
  ) {}

  async send(request: DeliveryRequest<ChatTarget>): Promise<DeliveryOutcome> {
    const result = await this.http.post({
      url: request.target.url,
      tenantId: request.target.tenantId,
      body: JSON.stringify(this.payload(request)),
      headers: { 'content-type': 'application/json' },
      timeoutMs: this.timeoutMs,
    });
    return outcomeOfHttp(result);
  }

  private payload(request: DeliveryRequest<ChatTarget>): Record<string, unknown> {
    const format = FORMATS[this.channel];
    return request.digest ? format.digest(request.digest) : format.alert(request.alert);
  }
}
