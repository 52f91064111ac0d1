import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class UserView {
  @ApiProperty() id: string;
  @ApiProperty() username: string;
  @ApiProperty({ enum: ['admin', 'notary', 'assistant'] }) role: 'admin' | 'notary' | 'assistant';
  @ApiProperty() displayName: string;
  @ApiProperty({ type: String, nullable: true }) officeId: string | null;
  @ApiProperty({ type: String, nullable: true }) pointId: string | null;
}

export class UserStatusView extends UserView {
  @ApiProperty() disabled: boolean;
}

export class UserListRow extends UserStatusView {
  @ApiProperty({ example: '2026-12-01T01:00:00.000Z' }) createdAt: string;
}

export class LoginResponse {
  @ApiProperty() accessToken: string;
  @ApiProperty({ enum: ['Bearer'] }) tokenType: 'Bearer';
  @ApiProperty({ description: 'Seconds' }) expiresIn: number;
  @ApiProperty({ type: UserView }) user: UserView;
}

/** Staff get their account; a citizen signed in with a case access code their case; a system caller its role only. */
export class MeResponse {
  @ApiProperty({ enum: ['admin', 'notary', 'assistant', 'citizen', 'system'] }) role: string;
  @ApiPropertyOptional() id?: string;
  @ApiPropertyOptional() username?: string;
  @ApiPropertyOptional() displayName?: string;
  @ApiPropertyOptional({ type: String, nullable: true }) officeId?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) pointId?: string | null;
  @ApiPropertyOptional({ description: 'Citizens only' }) bookingId?: string;
  @ApiPropertyOptional({ description: 'Citizens only' }) caseNo?: string;
}

export class JwkSet {
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true }, description: 'Public keys (RFC 7517)' })
  keys: Record<string, unknown>[];
}
