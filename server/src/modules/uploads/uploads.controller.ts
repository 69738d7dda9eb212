import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { MediaCheckPush, UploadParams, UploadQuery, WechatPushQuery, type UploadDto } from '@linli/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { Auth, type AuthContext } from '../../common/auth/auth-context.js';
import { RequirePermission } from '../../common/auth/permission.decorator.js';
import { readUpload } from '../../common/http/upload.js';
import { UploadsService } from './uploads.service.js';

@Controller()
export class UploadsController {
  constructor(private readonly uploads: UploadsService) {}

  @Post('uploads')
  @HttpCode(201)
  @RequirePermission('user')
  upload(@Auth() auth: AuthContext, @Req() request: FastifyRequest): Promise<UploadDto> {
    return this.uploads.upload(auth, (limit) => readUpload(request, limit));
  }

  @Get('uploads/:id')
  @RequirePermission('public')
  async image(@Req() request: FastifyRequest, @Param({ schema: UploadParams }) p: z.infer<typeof UploadParams>, @Query({ schema: UploadQuery }) q: UploadQuery, @Res() reply: FastifyReply): Promise<void> {
    const image = await this.uploads.serve(request.auth, p.id, q);
    await reply
      .type(image.contentType)
      .header('cache-control', 'private, max-age=3600')
      .header('x-content-type-options', 'nosniff')
      .header('content-disposition', 'inline')
      .send(image.bytes);
  }

  /** WeChat checks the server URL once: echo `echostr` when the signature is right. */
  @Get('wechat/push')
  @RequirePermission('public')
  async verifyPush(@Query({ schema: WechatPushQuery }) q: z.infer<typeof WechatPushQuery>, @Res() reply: FastifyReply): Promise<void> {
    this.uploads.verifyPush(q);
    await reply.type('text/plain').send(q.echostr ?? '');
  }

  @Post('wechat/push')
  @HttpCode(200)
  @RequirePermission('public')
  async push(@Query({ schema: WechatPushQuery }) q: z.infer<typeof WechatPushQuery>, @Body({ schema: MediaCheckPush }) body: z.infer<typeof MediaCheckPush>, @Res() reply: FastifyReply): Promise<void> {
    this.uploads.verifyPush(q);
    if (body.Event === 'wxa_media_check' && body.trace_id) await this.uploads.mediaVerdict(body.trace_id, body.result?.suggest);
    await reply.type('text/plain').send('success');
  }
}
