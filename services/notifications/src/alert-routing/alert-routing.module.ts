import { Module } from '@nestjs/common';
import { AlertRuleRepository } from './alert-rule.repository';

@Module({ providers: [AlertRuleRepository], exports: [AlertRuleRepository] })
export class AlertRoutingModule {}
