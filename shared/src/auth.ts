import { z } from 'zod';
import { Id, Timestamp } from './common.js';

export const LoginRequest = z.object({
  code: z.string().trim().min(1, '缺少登录凭证').max(128, '登录凭证太长'),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

export const UserDto = z.object({
  id: Id,
  displayName: z.string(),
  createdAt: Timestamp,
});
export type UserDto = z.infer<typeof UserDto>;

export const LoginResponse = z.object({
  token: z.string(),
  expiresAt: Timestamp,
  user: UserDto,
});
export type LoginResponse = z.infer<typeof LoginResponse>;
