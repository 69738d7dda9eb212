import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { ScopeMembership } from '../scope/scope.types.js';
import { AppError } from '../errors/app-error.js';

/** Who is calling. Memberships are loaded once per request by the scope policy, on first need. */
export interface AuthContext {
  userId: string;
  memberships?: ScopeMembership[];
}

declare module 'fastify' {
  interface FastifyRequest {
    auth?: AuthContext;
  }
}

export const Auth = createParamDecorator((_data: unknown, ctx: ExecutionContext): AuthContext => {
  const request = ctx.switchToHttp().getRequest<FastifyRequest>();
  if (!request.auth) throw new AppError('UNAUTHENTICATED');
  return request.auth;
});
