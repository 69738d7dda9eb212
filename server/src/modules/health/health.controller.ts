import { Controller, Get, Res } from '@nestjs/common';
import type { HealthResponse } from '@linli/shared';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { RequirePermission } from '../../common/auth/permission.decorator.js';
import { APP_VERSION } from '../../common/version.js';

const started = Date.now();

@Controller('health')
export class HealthController {
  constructor(private readonly db: DataSource) {}

  /** 200 when the database answers within 2 s, 503 otherwise (and the body says which). */
  @Get()
  @RequirePermission('public')
  async health(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthResponse> {
    let up = false;
    try {
      await Promise.race([
        this.db.query('select 1'),
        new Promise((_, reject) => setTimeout(() => reject(new Error('health check timed out')), 2000).unref()),
      ]);
      up = true;
    } catch {
      up = false;
    }
    if (!up) void reply.status(503);
    return { status: up ? 'ok' : 'degraded', database: up ? 'up' : 'down', version: APP_VERSION, uptimeSeconds: Math.round((Date.now() - started) / 1000) };
  }
}
