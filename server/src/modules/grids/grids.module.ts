import { Module } from '@nestjs/common';
import { GridsController } from './grids.controller.js';
import { GridsRepository } from './grids.repository.js';
import { GridsService } from './grids.service.js';

@Module({
  controllers: [GridsController],
  providers: [GridsService, GridsRepository],
  exports: [GridsRepository],
})
export class GridsModule {}
