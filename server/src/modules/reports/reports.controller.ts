import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CreateReportRequest, IdParams, ReportActionRequest, ReportsQuery, type Page, type ReportDetail, type ReportSummary } from '@linli/shared';
import type { z } from 'zod';
import { Auth, type AuthContext } from '../../common/auth/auth-context.js';
import { RequirePermission } from '../../common/auth/permission.decorator.js';
import { ReportsService } from './reports.service.js';

/** Reports check the caller against each report (reporter, handlers, neighbours) in the service. */
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Post()
  @HttpCode(201)
  @RequirePermission('user')
  create(@Auth() auth: AuthContext, @Body({ schema: CreateReportRequest }) body: z.output<typeof CreateReportRequest>): Promise<ReportDetail> {
    return this.reports.create(auth, body);
  }

  @Get()
  @RequirePermission('user')
  list(@Auth() auth: AuthContext, @Query({ schema: ReportsQuery }) q: ReportsQuery): Promise<Page<ReportSummary>> {
    return this.reports.list(auth, q);
  }

  @Get(':id')
  @RequirePermission('user')
  detail(@Auth() auth: AuthContext, @Param({ schema: IdParams }) p: z.infer<typeof IdParams>): Promise<ReportDetail> {
    return this.reports.detail(auth, p.id);
  }

  @Post(':id/actions')
  @HttpCode(200)
  @RequirePermission('user')
  act(@Auth() auth: AuthContext, @Param({ schema: IdParams }) p: z.infer<typeof IdParams>, @Body({ schema: ReportActionRequest }) body: ReportActionRequest): Promise<ReportDetail> {
    return this.reports.act(auth, p.id, body);
  }
}
