import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { CreateChildRequest, GridSettingsRequest, IdParams, PageQuery, type GridDetail, type GridNodeDto, type GridSettingsDto, type Page } from '@linli/shared';
import type { z } from 'zod';
import { Auth, type AuthContext } from '../../common/auth/auth-context.js';
import { RequirePermission } from '../../common/auth/permission.decorator.js';
import { GridsService } from './grids.service.js';

type IdParams = z.infer<typeof IdParams>;

@Controller('grids')
export class GridsController {
  constructor(private readonly grids: GridsService) {}

  @Get(':id')
  @RequirePermission('grid.read')
  get(@Auth() auth: AuthContext, @Param({ schema: IdParams }) p: IdParams): Promise<GridDetail> {
    return this.grids.get(auth, p.id);
  }

  @Get(':id/children')
  @RequirePermission('grid.read')
  children(@Auth() auth: AuthContext, @Param({ schema: IdParams }) p: IdParams, @Query({ schema: PageQuery }) q: PageQuery): Promise<Page<GridNodeDto>> {
    return this.grids.children(auth, p.id, q);
  }

  @Get(':id/settings')
  @RequirePermission('grid.settings')
  settings(@Auth() auth: AuthContext, @Param({ schema: IdParams }) p: IdParams): Promise<GridSettingsDto> {
    return this.grids.settings(auth, p.id);
  }

  @Put(':id/settings')
  @RequirePermission('grid.settings')
  updateSettings(@Auth() auth: AuthContext, @Param({ schema: IdParams }) p: IdParams, @Body({ schema: GridSettingsRequest }) body: GridSettingsRequest): Promise<GridSettingsDto> {
    return this.grids.updateSettings(auth, p.id, body);
  }

  @Post(':id/children')
  @HttpCode(201)
  @RequirePermission('grid.create_child')
  create(@Auth() auth: AuthContext, @Param({ schema: IdParams }) p: IdParams, @Body({ schema: CreateChildRequest }) body: CreateChildRequest): Promise<GridNodeDto> {
    return this.grids.createChild(auth, p.id, body);
  }
}
