import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Auth, Public } from './auth.decorators.js';
import type { Actor } from './actor.js';
import { AuthService } from './auth.service.js';
import { LoginDto } from './dto/login.dto.js';
import { LoginResponse, MeResponse } from './dto/auth.response.js';
import { ApiErrors } from '../common/error.response.js';

@ApiTags('auth')
@ApiErrors()
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOkResponse({ type: LoginResponse })
  login(@Body() dto: LoginDto, @Req() req: Request): Promise<LoginResponse> {
    return this.auth.login(dto.username, dto.password, req.ip ?? 'unknown');
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOkResponse({ type: MeResponse })
  me(@Auth() actor: Actor): MeResponse {
    if (actor.kind === 'citizen') return { role: actor.role, bookingId: actor.bookingId, caseNo: actor.caseNo };
    if (actor.kind === 'system') return { role: actor.role };
    const { id, username, role, displayName, officeId, pointId } = actor;
    return { id, username, role, displayName, officeId, pointId };
  }
}
