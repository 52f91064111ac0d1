import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Public } from './auth.decorators.js';
import { KeyStore } from './key-store.service.js';
import { JwkSet } from './dto/auth.response.js';
import { ApiErrors } from '../common/error.response.js';

@ApiTags('auth')
@ApiErrors()
@Controller('.well-known')
export class JwksController {
  constructor(private readonly keys: KeyStore) {}

  /** Public keys for every token and receipt this service has signed (RFC 7517). */
  @Get('jwks.json')
  @Public()
  @Header('Cache-Control', 'public, max-age=300')
  @ApiOkResponse({ type: JwkSet })
  jwks(): Promise<JwkSet> {
    return this.keys.jwks();
  }
}
