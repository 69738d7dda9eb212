import type { LoginRequest, LoginResponse, MeResponse } from '@linli/shared'
import { http, type RequestOptions } from './http'

type CallOptions = Pick<RequestOptions, 'toast'>

/** Exchange a login code (WeChat's, or `mock:<openid>` in mock mode) for a token. */
export function login(code: string, options?: CallOptions): Promise<LoginResponse> {
  const body: LoginRequest = { code }
  // No token is sent, and a 401 here means a bad code, not an expired session.
  return http.post<LoginResponse>('/auth/login', body, { ...options, auth: false })
}

/** The current user, their memberships (with node paths) and linked persons. */
export function me(options?: CallOptions): Promise<MeResponse> {
  return http.get<MeResponse>('/me', options)
}
