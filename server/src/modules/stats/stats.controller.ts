import { Controller, Get, Param } from '@nestjs/common';
import { IdParams, type GridStats } from '@linli/shared';
import type { z } from 'zod';
import { Auth, type AuthContext } from '../../common/auth/auth-context.js';
import { RequirePermission } from '../../common/auth/permission.decorator.js';
import { StatsService } from './stats.service.js';

@Controller('grids')
export class StatsController {
  constructor(private readonly stats: StatsService) {}

  @Get(':id/stats')
  @RequirePermission('stats.read')
  get(@Auth() auth: AuthContext, @Param({ schema: IdParams }) p: z.infer<typeof IdParams>): Promise<GridStats> {
    return this.stats.get(auth, p.id);
  }
}
