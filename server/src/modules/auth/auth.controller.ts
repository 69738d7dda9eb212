import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { LoginRequest, type LoginResponse, type MeResponse } from '@linli/shared';
import { Auth, type AuthContext } from '../../common/auth/auth-context.js';
import { RequirePermission } from '../../common/auth/permission.decorator.js';
import { AuthService } from './auth.service.js';

@Controller()
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('auth/login')
  @HttpCode(200)
  @RequirePermission('public')
  login(@Body({ schema: LoginRequest }) body: LoginRequest): Promise<LoginResponse> {
    return this.auth.login(body.code);
  }

  @Get('me')
  @RequirePermission('user')
  me(@Auth() auth: AuthContext): Promise<MeResponse> {
    return this.auth.me(auth);
  }
}
