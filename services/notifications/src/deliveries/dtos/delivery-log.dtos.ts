import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CursorPageQuery } from '@mate/service-kit';

export class ListDeliveryAttemptsQueryDto extends CursorPageQuery {}

/** One attempt of the delivery log: no URL, header or body (nothing that could carry a secret). */
export class DeliveryAttemptDto {
  @ApiProperty({ format: 'uuid', description: 'the delivery (its webhook-id); the same on every attempt' }) deliveryId!: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'null for a digest (its alerts are listed in the message)' }) alertId!: string | null;
  @ApiProperty({ description: 'alert.opened, alert.resolved, alert.escalated, alert.digest' }) notification!: string;
  @ApiProperty() attempt!: number;
  @ApiProperty({ enum: ['delivered', 'retryable', 'rejected'] }) outcome!: string;
  @ApiPropertyOptional({ nullable: true, type: Number }) responseStatus!: number | null;
  @ApiProperty() latencyMs!: number;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'our reason, never the receiver’s body' }) error!: string | null;
  @ApiProperty({ format: 'date-time' }) attemptedAt!: string;
  @ApiProperty({ enum: ['pending', 'delivered', 'failed'], description: 'the delivery’s status now' }) deliveryStatus!: string;
}

export class DeliveryAttemptPageDto {
  @ApiProperty({ type: [DeliveryAttemptDto] }) items!: DeliveryAttemptDto[];
  @ApiPropertyOptional({ nullable: true, type: String }) nextCursor!: string | null;
}

export class DeliveryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'null for a digest' }) alertId!: string | null;
  @ApiProperty() channel!: string;
  @ApiProperty({ format: 'uuid' }) targetId!: string;
  @ApiProperty({ enum: ['pending', 'delivered', 'failed'] }) status!: string;
  @ApiProperty() attempts!: number;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) nextAttemptAt!: string | null;
}

export class PingResultDto {
  @ApiProperty({ format: 'uuid', description: 'the webhook-id of the test delivery' }) deliveryId!: string;
  @ApiProperty({ enum: ['delivered', 'retryable', 'rejected'], description: 'delivered: the receiver answered 2xx' }) outcome!: string;
  @ApiPropertyOptional({ nullable: true, type: Number }) responseStatus!: number | null;
  @ApiProperty() latencyMs!: number;
  @ApiPropertyOptional({ nullable: true, type: String }) error!: string | null;
}
