import { Global, Module } from '@nestjs/common';
import { GridsModule } from '../grids/grids.module.js';
import { HouseholdsModule } from '../households/households.module.js';
import { CheckRequestsController } from './check-requests.controller.js';
import { CheckRequestsRepository } from './check-requests.repository.js';
import { CheckRequestsService } from './check-requests.service.js';

/** Global so a visit (care module) can answer a request in its own transaction. */
@Global()
@Module({
  imports: [HouseholdsModule, GridsModule],
  controllers: [CheckRequestsController],
  providers: [CheckRequestsService, CheckRequestsRepository],
  exports: [CheckRequestsService],
})
export class CheckRequestsModule {}
