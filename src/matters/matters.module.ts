import { Module } from '@nestjs/common';
import { MattersController } from './matters.controller.js';
import { MattersService } from './matters.service.js';

@Module({
  controllers: [MattersController],
  providers: [MattersService],
  exports: [MattersService],
})
export class MattersModule {}
