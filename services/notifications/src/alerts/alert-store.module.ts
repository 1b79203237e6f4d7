import { Module } from '@nestjs/common';
import { AlertRepository } from './alert.repository';

/** The alerts' repository alone, for the features that read alerts (deliveries build their messages from them). */
@Module({ providers: [AlertRepository], exports: [AlertRepository] })
export class AlertStoreModule {}
