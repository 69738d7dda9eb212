import { Module } from '@nestjs/common';
import { HouseholdsModule } from '../households/households.module.js';
import { TenancyController } from './tenancy.controller.js';
import { TenancyRepository } from './tenancy.repository.js';
import { TenancyService } from './tenancy.service.js';

@Module({
  imports: [HouseholdsModule],
  controllers: [TenancyController],
  providers: [TenancyService, TenancyRepository],
})
export class TenancyModule {}
