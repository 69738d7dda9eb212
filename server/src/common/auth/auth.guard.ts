import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { PERMISSIONS, type Permission } from '@linli/shared';
import type { FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import { AppError } from '../errors/app-error.js';
import { PERMISSION_KEY } from './permission.decorator.js';
import { TokenService } from './token.service.js';

/**
 * Deny by default: a route without a named permission is refused for everyone. Public routes
 * pass; every other route needs a valid, unexpired token of an existing user. Object-level
 * scope (which node the object belongs to) is decided by the scope policy in the services.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly db: DataSource,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const permission = this.reflector.getAllAndOverride<Permission | undefined>(PERMISSION_KEY, [context.getHandler(), context.getClass()]);
    if (!permission || !Object.hasOwn(PERMISSIONS, permission)) throw new AppError('FORBIDDEN');
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (PERMISSIONS[permission].kind === 'public') {
      // a public route still knows a logged-in caller (for per-user rate limits), but never requires one
      request.auth = await this.authenticate(request).catch(() => undefined);
      return true;
    }
    request.auth = await this.authenticate(request);
    return true;
  }

  private async authenticate(request: FastifyRequest): Promise<{ userId: string }> {
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match) throw new AppError('UNAUTHENTICATED');
    const userId = await this.tokens.verify(match[1]!);
    const rows: unknown[] = await this.db.query('select 1 from app_user where id = $1', [userId]);
    if (rows.length === 0) throw new AppError('UNAUTHENTICATED');
    return { userId };
  }
}
