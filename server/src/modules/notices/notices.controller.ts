import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CreateNoticeRequest, IdParams, NoticesQuery, ReceiptsQuery, type NoticeDto, type NoticeReceipts, type NoticeSummary, type Page, type RemindResponse } from '@linli/shared';
import type { z } from 'zod';
import { Auth, type AuthContext } from '../../common/auth/auth-context.js';
import { RequirePermission } from '../../common/auth/permission.decorator.js';
import { NoticesService } from './notices.service.js';

type IdParams = z.infer<typeof IdParams>;

@Controller()
export class NoticesController {
  constructor(private readonly notices: NoticesService) {}

  @Post('grids/:id/notices')
  @HttpCode(201)
  @RequirePermission('notices.publish')
  publish(@Auth() auth: AuthContext, @Param({ schema: IdParams }) p: IdParams, @Body({ schema: CreateNoticeRequest }) body: CreateNoticeRequest): Promise<NoticeDto> {
    return this.notices.publish(auth, p.id, body);
  }

  @Get('notices')
  @RequirePermission('user')
  feed(@Auth() auth: AuthContext, @Query({ schema: NoticesQuery }) q: NoticesQuery): Promise<Page<NoticeSummary>> {
    return this.notices.feed(auth, q);
  }

  @Get('notices/:id')
  @RequirePermission('notices.read')
  open(@Auth() auth: AuthContext, @Param({ schema: IdParams }) p: IdParams): Promise<NoticeDto> {
    return this.notices.open(auth, p.id);
  }

  @Post('notices/:id/confirm')
  @HttpCode(200)
  @RequirePermission('notices.read')
  confirm(@Auth() auth: AuthContext, @Param({ schema: IdParams }) p: IdParams): Promise<NoticeDto> {
    return this.notices.confirm(auth, p.id);
  }

  @Get('notices/:id/receipts')
  @RequirePermission('notices.receipts')
  receipts(@Auth() auth: AuthContext, @Param({ schema: IdParams }) p: IdParams, @Query({ schema: ReceiptsQuery }) q: ReceiptsQuery): Promise<NoticeReceipts> {
    return this.notices.receipts(auth, p.id, q.nodeId);
  }

  @Post('notices/:id/remind')
  @HttpCode(200)
  @RequirePermission('notices.receipts')
  remind(@Auth() auth: AuthContext, @Param({ schema: IdParams }) p: IdParams, @Query({ schema: ReceiptsQuery }) q: ReceiptsQuery): Promise<RemindResponse> {
    return this.notices.remind(auth, p.id, q.nodeId);
  }
}
