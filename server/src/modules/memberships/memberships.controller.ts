import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { IdParams, MembersQuery, RejectMembershipRequest, type MembershipDto, type Page } from '@linli/shared';
import type { z } from 'zod';
import { Auth, type AuthContext } from '../../common/auth/auth-context.js';
import { RequirePermission } from '../../common/auth/permission.decorator.js';
import { MembershipsService } from './memberships.service.js';

type IdParams = z.infer<typeof IdParams>;

@Controller()
export class MembershipsController {
  constructor(private readonly memberships: MembershipsService) {}

  @Get('grids/:id/members')
  @RequirePermission('members.read')
  list(@Auth() auth: AuthContext, @Param({ schema: IdParams }) p: IdParams, @Query({ schema: MembersQuery }) q: MembersQuery): Promise<Page<MembershipDto>> {
    return this.memberships.list(auth, p.id, q);
  }

  @Post('memberships/:id/approve')
  @HttpCode(200)
  @RequirePermission('members.decide')
  approve(@Auth() auth: AuthContext, @Param({ schema: IdParams }) p: IdParams): Promise<MembershipDto> {
    return this.memberships.approve(auth, p.id);
  }

  @Post('memberships/:id/reject')
  @HttpCode(200)
  @RequirePermission('members.decide')
  reject(@Auth() auth: AuthContext, @Param({ schema: IdParams }) p: IdParams, @Body({ schema: RejectMembershipRequest }) body: RejectMembershipRequest): Promise<MembershipDto> {
    return this.memberships.reject(auth, p.id, body.reason);
  }

  @Delete('memberships/:id')
  @RequirePermission('members.decide')
  remove(@Auth() auth: AuthContext, @Param({ schema: IdParams }) p: IdParams): Promise<{ ok: true }> {
    return this.memberships.remove(auth, p.id);
  }
}
