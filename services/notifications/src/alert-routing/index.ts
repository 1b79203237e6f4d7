export { AlertRule } from './alert-rule.entity';
export { AlertRuleRepository } from './alert-rule.repository';
