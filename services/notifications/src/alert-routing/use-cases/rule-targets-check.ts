import { Inject, Injectable } from '@nestjs/common';
import { ProblemException, type FieldError } from '@mate/service-kit';
import type { EntityManager } from 'typeorm';
import type { EscalationPolicy } from '../../alert-rules';
import type { ChannelKind } from '../../channels';
import { EndpointRepository } from '../../endpoints';

/**
 * A rule may only name the tenant's own targets: an endpoint of the channel's kind, a recipient
 * list for e-mail and for each escalation level. Anything else (deleted, another kind, another
 * tenant's) is a 400 naming the field, as the validation pipe names nested fields.
 */
@Injectable()
export class RuleTargetsCheck {
  constructor(@Inject(EndpointRepository) private readonly endpoints: EndpointRepository) {}

  async assertOwned(
    manager: EntityManager,
    tenantId: string,
    rule: { targets: ReadonlyArray<{ channel: ChannelKind; targetId: string }>; recipients?: readonly unknown[]; escalation: EscalationPolicy | null },
  ): Promise<void> {
    const errors: FieldError[] = [];
    for (const [index, { channel, targetId }] of rule.targets.entries()) {
      const found =
        channel === 'email'
          ? await this.endpoints.findRecipientList(manager, tenantId, targetId)
          : await this.endpoints.findEndpoint(manager, tenantId, targetId).then((endpoint) => (endpoint?.kind === channel ? endpoint : null));
      if (!found) errors.push({ field: `targets.${index}.targetId`, message: `no ${channel === 'email' ? 'recipient list' : `${channel} endpoint`} with this id` });
    }
    if (rule.targets.length === 0 && (rule.recipients ?? []).length === 0) errors.push({ field: 'targets', message: 'a rule needs at least one target or recipient' });
    for (const [index, listId] of (rule.escalation?.levels ?? []).entries()) {
      if (!(await this.endpoints.findRecipientList(manager, tenantId, listId))) errors.push({ field: `escalation.levels.${index}`, message: 'no recipient list with this id' });
    }
    if (errors.length > 0) throw ProblemException.validation(errors);
  }
}
