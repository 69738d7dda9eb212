import { Global, Module } from '@nestjs/common';
import { CareRepository } from '../care/care.repository.js';
import { HouseholdsRepository } from '../households/households.repository.js';
import { CheckRequestsController } from './check-requests.controller.js';
import { CheckRequestsRepository } from './check-requests.repository.js';
import { CheckRequestsService } from './check-requests.service.js';

/** Global so a visit (care module) can answer a request in its own transaction. */
@Global()
@Module({
  controllers: [CheckRequestsController],
  providers: [CheckRequestsService, CheckRequestsRepository, CareRepository, HouseholdsRepository],
  exports: [CheckRequestsService],
})
export class CheckRequestsModule {}
