import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccountEvents } from './account-events.js';
import { AuthController } from './auth.controller.js';
import { AuthGuard } from './auth.guard.js';
import { AuthService } from './auth.service.js';
import { BootstrapAdmin } from './bootstrap-admin.js';
import { JwksController } from './jwks.controller.js';
import { KeyStore } from './key-store.service.js';
import { KeysRepository } from './keys.repository.js';
import { LoginThrottle } from './login-throttle.js';
import { TokenService } from './token.service.js';
import { UsersController } from './users.controller.js';
import { UsersRepository } from './users.repository.js';
import { UsersService } from './users.service.js';

@Global()
@Module({
  controllers: [AuthController, JwksController, UsersController],
  providers: [
    AuthService,
    KeyStore,
    TokenService,
    LoginThrottle,
    UsersService,
    UsersRepository,
    KeysRepository,
    AccountEvents,
    BootstrapAdmin,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [TokenService, KeyStore, UsersService, AccountEvents],
})
export class AuthModule {}
