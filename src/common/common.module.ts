import { Global, Module } from '@nestjs/common';
import { Clock, SystemClock } from './clock.js';
import { CryptoRandom, Random } from './random.js';

@Global()
@Module({
  providers: [
    { provide: Clock, useClass: SystemClock },
    { provide: Random, useClass: CryptoRandom },
  ],
  exports: [Clock, Random],
})
export class CommonModule {}
