import { Global, Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AppConfig } from '../config/app-config';
import { AccessGuard } from './access.guard';
import { AccessPolicy, AUTH_TOKEN, isLoopback } from './access-policy';
import { AuthController } from './auth.controller';
import { resolveAuthToken } from './auth-token';

/** Access control: the policy, the global guard and the sign-in routes. */
@Global()
@Module({
  controllers: [AuthController],
  providers: [
    {
      provide: AUTH_TOKEN,
      useFactory: (config: AppConfig) =>
        isLoopback(config.host) ? null : resolveAuthToken(config),
      inject: [AppConfig],
    },
    AccessPolicy,
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [AccessPolicy],
})
export class AuthModule implements OnApplicationBootstrap {
  constructor(private readonly policy: AccessPolicy) {}

  onApplicationBootstrap(): void {
    if (this.policy.warning) new Logger('auth').warn(this.policy.warning);
  }
}
