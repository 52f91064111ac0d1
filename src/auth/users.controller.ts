import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { auditActor, type Actor } from './actor.js';
import { Auth, Roles } from './auth.decorators.js';
import { UsersService } from './users.service.js';
import { UserStatusView } from './dto/auth.response.js';
import { ApiErrors } from '../common/error.response.js';

class UserIdParam {
  @IsUUID(undefined, { message: 'id must be a UUID' }) id: string;
}

@ApiTags('auth')
@ApiBearerAuth()
@ApiErrors()
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  /** Disabling takes effect at once: the user's tokens stop working on the next request. */
  @Post(':id/disable')
  @Roles('admin')
  @HttpCode(200)
  @ApiOkResponse({ type: UserStatusView })
  disable(@Auth() actor: Actor, @Param() p: UserIdParam) {
    return this.users.setDisabled(auditActor(actor), p.id, true);
  }

  @Post(':id/enable')
  @Roles('admin')
  @HttpCode(200)
  @ApiOkResponse({ type: UserStatusView })
  enable(@Auth() actor: Actor, @Param() p: UserIdParam) {
    return this.users.setDisabled(auditActor(actor), p.id, false);
  }
}
