export { AlertRule } from './alert-rule.entity';
export { AlertRuleRepository } from './alert-rule.repository';
export { AlertRoutingModule } from './alert-routing.module';
export { QuietHoursDto } from './dtos/alert-rule.dtos';
