import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Length, MaxLength, MinLength } from 'class-validator';
import { Auth, Roles } from './auth.decorators.js';
import { UsersService } from './users.service.js';
import { UserListRow, UserStatusView } from './dto/auth.response.js';
import { auditActor, STAFF_ROLES, type Actor, type StaffRole } from './actor.js';
import { ApiErrors } from '../common/error.response.js';

class UserIdParam {
  @IsUUID(undefined, { message: 'id must be a UUID' }) id: string;
}

class UserListQuery {
  @ApiPropertyOptional({ enum: STAFF_ROLES })
  @IsOptional()
  @IsIn(STAFF_ROLES, { message: 'role must be admin, notary or assistant' })
  role?: StaffRole;
  @ApiPropertyOptional({ description: 'part of the username or display name' }) @IsOptional() @IsString() @Length(1, 64) q?: string;
}

class ResetPasswordDto {
  @ApiProperty({ minLength: 12 }) @IsString() @MinLength(12) @MaxLength(256) password: string;
}

@ApiTags('auth')
@ApiBearerAuth()
@ApiErrors()
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @Roles('admin')
  @ApiOkResponse({ type: [UserListRow] })
  list(@Query() q: UserListQuery): Promise<UserListRow[]> {
    return this.users.list(q);
  }

  /** Sets a new password chosen by the administrator and given to the user in person. */
  @Post(':id/password')
  @Roles('admin')
  @HttpCode(200)
  @ApiOkResponse({ type: UserStatusView })
  resetPassword(@Auth() actor: Actor, @Param() p: UserIdParam, @Body() dto: ResetPasswordDto): Promise<UserStatusView> {
    return this.users.resetPassword(auditActor(actor), p.id, dto.password);
  }

  /** Disabling takes effect at once: the user's tokens stop working on the next request. */
  @Post(':id/disable')
  @Roles('admin')
  @HttpCode(200)
  @ApiOkResponse({ type: UserStatusView })
  disable(@Auth() actor: Actor, @Param() p: UserIdParam): Promise<UserStatusView> {
    return this.users.setDisabled(auditActor(actor), p.id, true);
  }

  @Post(':id/enable')
  @Roles('admin')
  @HttpCode(200)
  @ApiOkResponse({ type: UserStatusView })
  enable(@Auth() actor: Actor, @Param() p: UserIdParam): Promise<UserStatusView> {
    return this.users.setDisabled(auditActor(actor), p.id, false);
  }
}
