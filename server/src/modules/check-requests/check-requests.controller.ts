import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CheckRequestsQuery, CreateCheckRequest, IdParams, type CheckRequestDto, type Page } from '@linli/shared';
import type { z } from 'zod';
import { Auth, type AuthContext } from '../../common/auth/auth-context.js';
import { RequirePermission } from '../../common/auth/permission.decorator.js';
import { CheckRequestsService } from './check-requests.service.js';

type IdParams = z.infer<typeof IdParams>;

@Controller()
export class CheckRequestsController {
  constructor(private readonly requests: CheckRequestsService) {}

  @Post('persons/:id/check-requests')
  @HttpCode(201)
  @RequirePermission('user')
  create(@Auth() auth: AuthContext, @Param({ schema: IdParams }) p: IdParams, @Body({ schema: CreateCheckRequest }) body: CreateCheckRequest): Promise<CheckRequestDto> {
    return this.requests.create(auth, p.id, body.message);
  }

  @Get('check-requests')
  @RequirePermission('user')
  list(@Auth() auth: AuthContext, @Query({ schema: CheckRequestsQuery }) q: CheckRequestsQuery): Promise<Page<CheckRequestDto>> {
    return this.requests.list(auth, q);
  }

  @Get('check-requests/:id')
  @RequirePermission('user')
  get(@Auth() auth: AuthContext, @Param({ schema: IdParams }) p: IdParams): Promise<CheckRequestDto> {
    return this.requests.get(auth, p.id);
  }

  @Post('check-requests/:id/acknowledge')
  @HttpCode(200)
  @RequirePermission('care.visit')
  acknowledge(@Auth() auth: AuthContext, @Param({ schema: IdParams }) p: IdParams): Promise<CheckRequestDto> {
    return this.requests.acknowledge(auth, p.id);
  }
}
