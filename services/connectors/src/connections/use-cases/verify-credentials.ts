import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { OutboundRequestRefusedError } from '@mate/net-guard';
import { ProblemException } from '@mate/service-kit';
import { UpstreamFailure, isTransientFailure, type AdapterConnection, type AuthKind, type AuthSession, type ConnectorAdapters, type SystemKind } from '../../adapters';
import type { CredentialSecrets } from '../../credentials';
import { refusedBaseUrl } from '../../outbound';
import { CONNECTOR_ADAPTERS } from '../../upstream/upstream.tokens';

export interface CandidateConnection {
  tenantId: string;
  /** The connection being reconnected; a new connection has none yet. */
  connectionId?: string;
  system: SystemKind;
  authKind: AuthKind;
  baseUrl: string;
  settings: Record<string, string>;
  credentials: CredentialSecrets;
}

/**
 * Credentials are accepted only once the system itself accepted them: authenticate and one probe.
 * A refusal answers 422 naming `credentials` with the classification (never the upstream body);
 * an unreachable or throttling system answers 503, so the customer tries again rather than
 * doubting correct credentials.
 */
@Injectable()
export class VerifyCredentials {
  constructor(@Inject(CONNECTOR_ADAPTERS) private readonly adapters: ConnectorAdapters) {}

  async execute(candidate: CandidateConnection): Promise<AuthSession> {
    const adapter = this.adapters[candidate.system];
    const connection: AdapterConnection = { ...candidate, id: candidate.connectionId ?? `verify-${randomUUID()}` };
    try {
      const session = await adapter.authenticate(connection);
      await adapter.probe(connection, session);
      return session;
    } catch (error) {
      if (error instanceof OutboundRequestRefusedError) throw refusedBaseUrl(error);
      if (!(error instanceof UpstreamFailure)) throw error;
      if (isTransientFailure(error.classification)) {
        throw new ProblemException({
          status: 503,
          detail: `the ${candidate.system} system could not be reached to verify the credentials (${error.classification}); try again`,
          headers: { 'Retry-After': String(error.detail.retryAfterSeconds ?? 5) },
          extensions: { classification: error.classification },
        });
      }
      throw new ProblemException({
        status: 422,
        type: 'urn:mate:problem:credentials-rejected',
        title: 'Credentials rejected',
        detail: `the ${candidate.system} system did not accept these credentials (${error.classification}); nothing was changed`,
        extensions: { classification: error.classification, errors: [{ field: 'credentials', message: rejectionMessage(error.classification) }] },
      });
    }
  }
}

function rejectionMessage(classification: UpstreamFailure['classification']): string {
  switch (classification) {
    case 'auth_invalid':
    case 'auth_expired':
      return 'refused by the system: check them, or whether they were rotated or revoked';
    case 'permission_denied':
      return 'accepted, but the account may not read work orders: grant it the permission';
    default:
      return `the system answered ${classification}: check the base URL and settings`;
  }
}
