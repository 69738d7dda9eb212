import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { IdParams, PageQuery, SUBSCRIBABLE_KINDS, SubscribeRequest, type MessageTemplates, type NotificationsPage } from '@linli/shared';
import { z } from 'zod';
import { Auth, type AuthContext } from '../../common/auth/auth-context.js';
import { RequirePermission } from '../../common/auth/permission.decorator.js';
import { NotificationsService } from './notifications.service.js';
import { Notifier } from './notifier.js';

type IdParams = z.infer<typeof IdParams>;

/** The inbox: every user's own messages; nobody else's exist for them (404). */
@Controller('notifications')
export class NotificationsController {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly notifier: Notifier,
  ) {}

  @Get()
  @RequirePermission('user')
  list(@Auth() auth: AuthContext, @Query({ schema: PageQuery }) q: PageQuery): Promise<NotificationsPage> {
    return this.notifications.list(auth, q);
  }

  @Get('templates')
  @RequirePermission('user')
  templates(): MessageTemplates {
    const templates: MessageTemplates['templates'] = {};
    for (const kind of SUBSCRIBABLE_KINDS) {
      const id = this.notifier.templateFor(kind);
      if (id) templates[kind] = id;
    }
    return { templates };
  }

  /** Each kind accepted in `wx.requestSubscribeMessage` allows one WeChat message of that kind. */
  @Post('subscriptions')
  @HttpCode(200)
  @RequirePermission('user')
  subscribe(@Auth() auth: AuthContext, @Body({ schema: SubscribeRequest }) body: SubscribeRequest): Promise<{ ok: true }> {
    return this.notifications.subscribe(auth, body.kinds);
  }

  @Post(':id/read')
  @HttpCode(200)
  @RequirePermission('user')
  read(@Auth() auth: AuthContext, @Param({ schema: IdParams }) p: IdParams): Promise<{ ok: true }> {
    return this.notifications.markRead(auth, p.id);
  }
}
