import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import {
  CreatePropertyRequest, CreateTenancyRequest, IdParams, MoveOutRequest, RosterExportQuery, TenanciesQuery,
  type CreatePropertyResponse, type Page, type PropertyDto, type RosterItem, type TenancyDto,
} from '@linli/shared';
import type { FastifyReply } from 'fastify';
import type { z } from 'zod';
import { Auth, type AuthContext } from '../../common/auth/auth-context.js';
import { RequirePermission } from '../../common/auth/permission.decorator.js';
import { TenancyService } from './tenancy.service.js';

type IdParams = z.infer<typeof IdParams>;

@Controller()
export class TenancyController {
  constructor(private readonly tenancy: TenancyService) {}

  /** Any user: the service lets only a landlord member of the micro-grid through (404 otherwise). */
  @Post('properties')
  @HttpCode(201)
  @RequirePermission('user')
  create(@Auth() auth: AuthContext, @Body({ schema: CreatePropertyRequest }) body: CreatePropertyRequest): Promise<CreatePropertyResponse> {
    return this.tenancy.createProperty(auth, body);
  }

  @Get('properties')
  @RequirePermission('user')
  properties(@Auth() auth: AuthContext): Promise<{ items: PropertyDto[] }> {
    return this.tenancy.properties(auth);
  }

  /** The house's landlord, or its tenant registering themself (checked in the service). */
  @Post('properties/:id/tenancies')
  @HttpCode(201)
  @RequirePermission('user')
  register(@Auth() auth: AuthContext, @Param({ schema: IdParams }) p: IdParams, @Body({ schema: CreateTenancyRequest }) body: CreateTenancyRequest): Promise<TenancyDto> {
    return this.tenancy.register(auth, p.id, body);
  }

  @Get('properties/:id/tenancies')
  @RequirePermission('tenancy.manage')
  list(@Auth() auth: AuthContext, @Param({ schema: IdParams }) p: IdParams, @Query({ schema: TenanciesQuery }) q: TenanciesQuery): Promise<Page<TenancyDto>> {
    return this.tenancy.list(auth, p.id, q);
  }

  @Post('tenancies/:id/confirm')
  @HttpCode(200)
  @RequirePermission('tenancy.manage')
  confirm(@Auth() auth: AuthContext, @Param({ schema: IdParams }) p: IdParams): Promise<TenancyDto> {
    return this.tenancy.confirm(auth, p.id);
  }

  @Post('tenancies/:id/move-out')
  @HttpCode(200)
  @RequirePermission('tenancy.manage')
  moveOut(@Auth() auth: AuthContext, @Param({ schema: IdParams }) p: IdParams, @Body({ schema: MoveOutRequest }) body: MoveOutRequest): Promise<TenancyDto> {
    return this.tenancy.moveOut(auth, p.id, body.date);
  }

  @Post('tenancies/:id/verify')
  @HttpCode(200)
  @RequirePermission('tenancy.manage')
  verify(@Auth() auth: AuthContext, @Param({ schema: IdParams }) p: IdParams): Promise<TenancyDto> {
    return this.tenancy.verify(auth, p.id);
  }

  @Get('grids/:id/tenancies')
  @RequirePermission('tenancy.roster')
  roster(@Auth() auth: AuthContext, @Param({ schema: IdParams }) p: IdParams, @Query({ schema: TenanciesQuery }) q: TenanciesQuery): Promise<Page<RosterItem>> {
    return this.tenancy.roster(auth, p.id, q);
  }

  @Get('grids/:id/tenancies.xlsx')
  @RequirePermission('tenancy.roster')
  async export(@Auth() auth: AuthContext, @Param({ schema: IdParams }) p: IdParams, @Query({ schema: RosterExportQuery }) q: RosterExportQuery, @Res() reply: FastifyReply): Promise<void> {
    const { file, filename } = await this.tenancy.exportRoster(auth, p.id, q);
    await reply
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="tenancies.xlsx"; filename*=UTF-8''${encodeURIComponent(filename)}`)
      .send(file);
  }
}
