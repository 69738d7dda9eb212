import { Module } from '@nestjs/common';
import { GridsModule } from '../grids/grids.module.js';
import { HouseholdsModule } from '../households/households.module.js';
import { InvitesController } from './invites.controller.js';
import { InvitesRepository } from './invites.repository.js';
import { InvitesService } from './invites.service.js';

@Module({
  imports: [GridsModule, HouseholdsModule],
  controllers: [InvitesController],
  providers: [InvitesService, InvitesRepository],
})
export class InvitesModule {}
