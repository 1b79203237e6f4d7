import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { IsIn, IsInt, IsObject, IsOptional, IsString, Length, Max, MaxLength, Min } from 'class-validator';
import { AUTH_KINDS, FAILURE_CLASSES, SYSTEM_KINDS, type AuthKind, type FailureClass, type SystemKind } from '../../adapters';
import { CONNECTION_STATUSES, type ConnectionStatus } from '../../health';

export class CreateConnectionDto {
  @ApiProperty({ enum: SYSTEM_KINDS, example: 'maximo' })
  @IsIn(SYSTEM_KINDS)
  system!: SystemKind;

  @ApiProperty({ enum: AUTH_KINDS, example: 'api_key', description: 'One of the auth kinds GET /api/v1/connectors lists for the system' })
  @IsString()
  @MaxLength(40)
  authKind!: string;

  @ApiProperty({ example: 'Plant 3 Maximo', maxLength: 200 })
  @IsString()
  @Length(1, 200)
  displayName!: string;

  @ApiProperty({ example: 'https://maximo.example.com', description: "The system's server root (http or https, no credentials)" })
  @IsString()
  @Length(1, 2000)
  baseUrl!: string;

  @ApiPropertyOptional({ example: { organizationId: '42' }, description: 'The settings GET /api/v1/connectors lists for the system' })
  @IsOptional()
  @IsObject()
  settings?: Record<string, string>;

  @ApiProperty({ example: { apiKey: '…' }, description: 'The credential fields of the auth kind (write-only: never shown again)' })
  @IsObject()
  credentials!: Record<string, unknown>;

  @ApiPropertyOptional({ minimum: 30, maximum: 86400, description: 'Seconds between health probes (default from configuration)' })
  @IsOptional()
  @IsInt()
  @Min(30)
  @Max(86_400)
  probeIntervalSeconds?: number;
}

/** A connect session for a new connection: everything but the credentials, which the customer submits to POST /connect. */
export class NewConnectionSessionDto extends OmitType(CreateConnectionDto, ['credentials'] as const) {}

export class ConnectDto {
  @ApiProperty({ description: 'The connect session token from POST /connections/{id}/reauthorize or POST /connections/connect-sessions' })
  @IsString()
  @Length(1, 200)
  session!: string;

  @ApiProperty({ example: { apiKey: '…' }, description: "The credential fields of the connection's auth kind (GET /connectors lists them)" })
  @IsObject()
  credentials!: Record<string, unknown>;
}

export class ConnectionDto {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: SYSTEM_KINDS }) system!: SystemKind;
  @ApiProperty({ enum: AUTH_KINDS }) authKind!: AuthKind;
  @ApiProperty() displayName!: string;
  @ApiProperty() baseUrl!: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } }) settings!: Record<string, string>;
  @ApiProperty({ enum: CONNECTION_STATUSES }) status!: ConnectionStatus;
  @ApiProperty() probeIntervalSeconds!: number;
  @ApiProperty({ nullable: true, type: String }) lastSuccessAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) lastFailureAt!: string | null;
  @ApiProperty({ enum: FAILURE_CLASSES, nullable: true }) lastFailureClass!: FailureClass | null;
  @ApiProperty() failureCount!: number;
  @ApiProperty() version!: number;
  @ApiProperty() createdBy!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

export class IssuedConnectionDto {
  @ApiProperty({ type: ConnectionDto }) connection!: ConnectionDto;
  @ApiProperty({ description: 'The API token for the unified API of this connection: shown once, stored only as a hash' }) apiToken!: string;
}

export class ConnectedConnectionDto extends IssuedConnectionDto {
  @ApiProperty({ description: 'True when the connect session created the connection; false when it reconnected one (its previous API token is revoked)' }) created!: boolean;
}

export class ConnectSessionDto {
  @ApiProperty({ description: 'Single-use; submit with the new credentials to POST /api/v1/connect' }) token!: string;
  @ApiProperty({ description: 'The hosted connect page with the session in its fragment' }) url!: string;
  @ApiProperty() expiresAt!: string;
}

export class TransitionDto {
  @ApiProperty({ enum: CONNECTION_STATUSES }) from!: ConnectionStatus;
  @ApiProperty({ enum: CONNECTION_STATUSES }) to!: ConnectionStatus;
  @ApiProperty() reason!: string;
  @ApiProperty() occurredAt!: string;
}

export class FailureDto {
  @ApiProperty({ enum: FAILURE_CLASSES }) classification!: FailureClass;
  @ApiProperty() operation!: string;
  @ApiProperty({ nullable: true, type: Number }) upstreamStatus!: number | null;
  @ApiProperty() occurredAt!: string;
}

export class ConnectionHealthDto {
  @ApiProperty({ enum: CONNECTION_STATUSES }) status!: ConnectionStatus;
  @ApiProperty({ nullable: true, type: String }) lastSuccessAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) lastFailureAt!: string | null;
  @ApiProperty() failureCount!: number;
  @ApiProperty({ type: [TransitionDto], description: 'Most recent first' }) transitions!: TransitionDto[];
  @ApiProperty({ type: [FailureDto], description: 'Most recent first' }) failures!: FailureDto[];
}

export class ConnectionTestDto {
  @ApiProperty() ok!: boolean;
  @ApiPropertyOptional({ enum: FAILURE_CLASSES }) classification?: FailureClass;
  @ApiProperty({ enum: CONNECTION_STATUSES, description: 'The status after the test' }) status!: ConnectionStatus;
}
