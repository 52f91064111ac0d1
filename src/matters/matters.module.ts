import { Module } from '@nestjs/common';
import { MattersController } from './matters.controller.js';
import { MattersRepository } from './matters.repository.js';
import { MattersService } from './matters.service.js';

@Module({
  controllers: [MattersController],
  providers: [MattersService, MattersRepository],
  exports: [MattersService],
})
export class MattersModule {}
