import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@mate/service-kit';
import { UpstreamGateway } from '../upstream/upstream-gateway';
import { headerProblems, invalidPassthrough, pathProblems, queryProblems, safeReplyHeaders, targetUrl, type PassthroughMethod } from './passthrough.rules';

export interface PassthroughCall {
  method: PassthroughMethod;
  path: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface PassthroughResult {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/**
 * A raw authenticated call for what the unified model does not cover: checked before anything
 * goes (422 naming the field), then through the gateway (status, session refresh, passive health)
 * and the shared client (rate budget, SSRF-guarded dispatcher, Retry-After). The adapter adds the
 * credentials; only a safe subset of the reply headers comes back.
 */
@Injectable()
export class RunPassthrough {
  constructor(@Inject(UpstreamGateway) private readonly gateway: UpstreamGateway) {}

  async execute(principal: Principal, connectionId: string, call: PassthroughCall): Promise<PassthroughResult> {
    const problems = [...pathProblems(call.path), ...queryProblems(call.query ?? {}), ...headerProblems(call.headers ?? {})];
    if (problems.length > 0) throw invalidPassthrough(problems);
    const reply = await this.gateway.call(principal.tenantId, connectionId, (adapter, connection, session) =>
      adapter.raw(connection, session, {
        method: call.method,
        operation: 'passthrough',
        url: targetUrl(connection.baseUrl, call.path, call.query ?? {}),
        headers: lowerCased(call.headers ?? {}),
        body: call.body,
      }),
    );
    return { status: reply.status, headers: safeReplyHeaders(reply.headers), body: reply.json ?? (reply.text.length > 0 ? reply.text : undefined) };
  }
}

function lowerCased(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}
