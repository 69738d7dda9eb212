import { Module } from '@nestjs/common';
import { GridsModule } from '../grids/grids.module.js';
import { HouseholdsController } from './households.controller.js';
import { HouseholdsRepository } from './households.repository.js';
import { HouseholdsService } from './households.service.js';
import { RosterImportService } from './roster-import.service.js';

@Module({
  imports: [GridsModule],
  controllers: [HouseholdsController],
  providers: [HouseholdsService, HouseholdsRepository, RosterImportService],
  exports: [HouseholdsRepository],
})
export class HouseholdsModule {}
