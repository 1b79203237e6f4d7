import { Module } from '@nestjs/common';
import { EndpointsModule } from '../endpoints';
import { AlertRuleRepository } from './alert-rule.repository';
import { AlertRulesController } from './alert-rules.controller';
import { ManageAlertRules } from './use-cases/manage-alert-rules';
import { RuleTargetsCheck } from './use-cases/rule-targets-check';

/** The routing rules: their repository (read by delivery scheduling and escalation) and their API. */
@Module({
  imports: [EndpointsModule],
  controllers: [AlertRulesController],
  providers: [AlertRuleRepository, ManageAlertRules, RuleTargetsCheck],
  exports: [AlertRuleRepository],
})
export class AlertRoutingModule {}
