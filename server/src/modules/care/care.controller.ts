import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import {
  CareListQuery, CarePlanRequest, CheckInRequest, CreateVisitRequest, FamilySettings, IdParams, PageQuery, VisitExportQuery,
  type CareListItem, type CarePlanDto, type CheckInResponse, type Page, type VisitDto,
} from '@linli/shared';
import type { FastifyReply } from 'fastify';
import type { z } from 'zod';
import { Auth, type AuthContext } from '../../common/auth/auth-context.js';
import { RequirePermission } from '../../common/auth/permission.decorator.js';
import { CareService } from './care.service.js';

type IdParams = z.infer<typeof IdParams>;

@Controller()
export class CareController {
  constructor(private readonly care: CareService) {}

  @Put('persons/:id/care-plan')
  @RequirePermission('care.manage')
  setPlan(@Auth() auth: AuthContext, @Param({ schema: IdParams }) p: IdParams, @Body({ schema: CarePlanRequest }) body: CarePlanRequest): Promise<CarePlanDto> {
    return this.care.setPlan(auth, p.id, body);
  }

  @Get('persons/:id/care-plan')
  @RequirePermission('care.visit')
  plan(@Auth() auth: AuthContext, @Param({ schema: IdParams }) p: IdParams): Promise<CarePlanDto> {
    return this.care.getPlan(auth, p.id);
  }

  @Get('grids/:id/care')
  @RequirePermission('care.manage')
  list(@Auth() auth: AuthContext, @Param({ schema: IdParams }) p: IdParams, @Query({ schema: CareListQuery }) q: CareListQuery): Promise<Page<CareListItem>> {
    return this.care.careList(auth, p.id, q);
  }

  /** 201 when stored now, 200 when the same visit was already stored (a retry from the phone). */
  @Post('visits')
  @RequirePermission('care.visit')
  async visit(@Auth() auth: AuthContext, @Body({ schema: CreateVisitRequest }) body: CreateVisitRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<VisitDto> {
    const { visit, replayed } = await this.care.logVisit(auth, body);
    void reply.status(replayed ? 200 : 201);
    return visit;
  }

  @Get('grids/:id/visits.xlsx')
  @RequirePermission('care.manage')
  async export(@Auth() auth: AuthContext, @Param({ schema: IdParams }) p: IdParams, @Query({ schema: VisitExportQuery }) q: VisitExportQuery, @Res() reply: FastifyReply): Promise<void> {
    const { file, filename } = await this.care.exportVisits(auth, p.id, q);
    await reply
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="visits.xlsx"; filename*=UTF-8''${encodeURIComponent(filename)}`)
      .send(file);
  }

  @Get('persons/:id/visits')
  @RequirePermission('care.visit')
  visits(@Auth() auth: AuthContext, @Param({ schema: IdParams }) p: IdParams, @Query({ schema: PageQuery }) q: PageQuery): Promise<Page<VisitDto>> {
    return this.care.visits(auth, p.id, q);
  }

  @Get('persons/:id/family-settings')
  @RequirePermission('user')
  familySettings(@Auth() auth: AuthContext, @Param({ schema: IdParams }) p: IdParams): Promise<FamilySettings> {
    return this.care.familySettings(auth, p.id);
  }

  @Put('persons/:id/family-settings')
  @RequirePermission('user')
  setFamilySettings(@Auth() auth: AuthContext, @Param({ schema: IdParams }) p: IdParams, @Body({ schema: FamilySettings }) body: FamilySettings): Promise<FamilySettings> {
    return this.care.setFamilySettings(auth, p.id, body);
  }

  @Post('persons/:id/check-ins')
  @HttpCode(201)
  @RequirePermission('user')
  checkIn(@Auth() auth: AuthContext, @Param({ schema: IdParams }) p: IdParams, @Body({ schema: CheckInRequest }) body: CheckInRequest): Promise<CheckInResponse> {
    return this.care.checkIn(auth, p.id, body.note);
  }
}
