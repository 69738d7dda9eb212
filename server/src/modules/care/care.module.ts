import { Global, Module } from '@nestjs/common';
import { HouseholdsModule } from '../households/households.module.js';
import { UploadsModule } from '../uploads/uploads.module.js';
import { CarePolicyService } from './care-policy.service.js';
import { CareController } from './care.controller.js';
import { CareRepository } from './care.repository.js';
import { CareService } from './care.service.js';

/** Global so the household register can give newly tagged people their default plan. */
@Global()
@Module({
  imports: [HouseholdsModule, UploadsModule],
  controllers: [CareController],
  providers: [CareService, CareRepository, CarePolicyService],
  exports: [CarePolicyService, CareRepository],
})
export class CareModule {}
