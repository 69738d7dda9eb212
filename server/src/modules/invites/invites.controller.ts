import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { CreateInviteRequest, IdParams, InviteTokenParams, JoinRequest, PageQuery, type InviteDto, type InvitePreview, type JoinResponse, type Page } from '@linli/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { Auth, type AuthContext } from '../../common/auth/auth-context.js';
import { RequirePermission } from '../../common/auth/permission.decorator.js';
import { InvitesService } from './invites.service.js';

type IdParams = z.infer<typeof IdParams>;
type TokenParams = z.infer<typeof InviteTokenParams>;

/** The origin the caller reached us on, for join links when PUBLIC_BASE_URL is not set. */
function originOf(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

@Controller()
export class InvitesController {
  constructor(private readonly invites: InvitesService) {}

  @Post('grids/:id/invites')
  @HttpCode(201)
  @RequirePermission('invites.manage')
  create(@Auth() auth: AuthContext, @Param({ schema: IdParams }) p: IdParams, @Body({ schema: CreateInviteRequest }) body: CreateInviteRequest, @Req() req: FastifyRequest): Promise<InviteDto> {
    return this.invites.create(auth, p.id, body, originOf(req));
  }

  @Get('grids/:id/invites')
  @RequirePermission('invites.manage')
  list(@Auth() auth: AuthContext, @Param({ schema: IdParams }) p: IdParams, @Query({ schema: PageQuery }) q: PageQuery, @Req() req: FastifyRequest): Promise<Page<InviteDto>> {
    return this.invites.list(auth, p.id, q, originOf(req));
  }

  @Delete('invites/:id')
  @RequirePermission('invites.manage')
  revoke(@Auth() auth: AuthContext, @Param({ schema: IdParams }) p: IdParams): Promise<{ ok: true }> {
    return this.invites.revoke(auth, p.id);
  }

  @Get('invites/:token')
  @RequirePermission('public')
  preview(@Param({ schema: InviteTokenParams }) p: TokenParams, @Req() req: FastifyRequest): Promise<InvitePreview> {
    return this.invites.preview(p.token, req.ip, req.auth);
  }

  @Get('invites/:token/qr.png')
  @RequirePermission('public')
  async qr(@Param({ schema: InviteTokenParams }) p: TokenParams, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const { image, contentType } = await this.invites.code(p.token, originOf(req), req.ip);
    await reply.type(contentType).header('cache-control', 'private, max-age=300').send(image);
  }

  @Get('invites/:token/poster.pdf')
  @RequirePermission('public')
  async poster(@Param({ schema: InviteTokenParams }) p: TokenParams, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const pdf = await this.invites.poster(p.token, originOf(req), req.ip);
    await reply.type('application/pdf').header('content-disposition', 'inline; filename="linli-poster.pdf"').send(pdf);
  }

  @Post('invites/:token/join')
  @HttpCode(200)
  @RequirePermission('user')
  join(@Auth() auth: AuthContext, @Param({ schema: InviteTokenParams }) p: TokenParams, @Body({ schema: JoinRequest }) body: JoinRequest, @Req() req: FastifyRequest): Promise<JoinResponse> {
    return this.invites.join(auth, p.token, body, req.ip);
  }
}
