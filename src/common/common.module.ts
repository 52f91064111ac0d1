import { DynamicModule, Global, Module } from '@nestjs/common';
import { Clock, SystemClock } from './clock.js';
import { HttpServerBounds } from './http-server.js';
import { PersonalData } from './personal-data.js';
import { CryptoRandom, Random } from './random.js';

@Global()
@Module({})
export class CommonModule {
  /** `clock`: tests and benchmarks pass their own; the service runs on the system clock. */
  static forRoot(clock: Clock = new SystemClock()): DynamicModule {
    return {
      module: CommonModule,
      providers: [{ provide: Clock, useValue: clock }, { provide: Random, useClass: CryptoRandom }, PersonalData, HttpServerBounds],
      exports: [Clock, Random, PersonalData],
    };
  }
}
