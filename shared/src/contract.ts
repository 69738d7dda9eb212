import { z } from 'zod';
import { LoginRequest, LoginResponse } from './auth.js';
import { IdParams, PageQuery, pageOf } from './common.js';
import { CreateChildRequest, GridDetail, GridNodeDto } from './grid.js';
import { HealthResponse } from './health.js';
import { MeResponse, MembersQuery, MembershipDto, RejectMembershipRequest } from './membership.js';
import type { Permission } from './permissions.js';

/**
 * The API surface as data: every route of the server is listed here with its permission and
 * schemas. The server's OpenAPI document is generated from this list, and a test fails when
 * the server registers a route that is not here (or the reverse).
 */
export interface Endpoint {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path below `/api/v1` (or absolute when `root` is true), with `:param` segments. */
  path: string;
  root?: boolean;
  tag: string;
  summary: string;
  permission: Permission;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  response?: z.ZodType;
  status?: number;
  produces?: string;
}

const ok = z.object({ ok: z.literal(true) });

export const ENDPOINTS = [
  { method: 'GET', path: '/health', root: true, tag: 'ops', summary: 'Liveness and database check', permission: 'public', response: HealthResponse },
  { method: 'POST', path: '/auth/login', tag: 'auth', summary: 'Log in with a WeChat login code (mock mode: mock:<openid>)', permission: 'public', body: LoginRequest, response: LoginResponse },
  { method: 'GET', path: '/me', tag: 'auth', summary: 'The caller, their memberships with node paths, and linked persons', permission: 'user', response: MeResponse },
  { method: 'GET', path: '/grids/:id', tag: 'grids', summary: 'A node with its ancestors and counts', permission: 'grid.read', params: IdParams, response: GridDetail },
  { method: 'GET', path: '/grids/:id/children', tag: 'grids', summary: 'Children of a node that the caller may see', permission: 'grid.read', params: IdParams, query: PageQuery, response: pageOf(GridNodeDto) },
  { method: 'POST', path: '/grids/:id/children', tag: 'grids', summary: 'Create a child node', permission: 'grid.create_child', params: IdParams, body: CreateChildRequest, response: GridNodeDto, status: 201 },
  { method: 'GET', path: '/grids/:id/members', tag: 'members', summary: 'Memberships of a node and its subtree', permission: 'members.read', params: IdParams, query: MembersQuery, response: pageOf(MembershipDto) },
  { method: 'POST', path: '/memberships/:id/approve', tag: 'members', summary: 'Approve a pending membership', permission: 'members.decide', params: IdParams, response: MembershipDto },
  { method: 'POST', path: '/memberships/:id/reject', tag: 'members', summary: 'Reject a pending membership with a reason', permission: 'members.decide', params: IdParams, body: RejectMembershipRequest, response: MembershipDto },
  { method: 'DELETE', path: '/memberships/:id', tag: 'members', summary: 'Remove a membership (staff) or leave (the member)', permission: 'members.decide', params: IdParams, response: ok },
] as const satisfies readonly Endpoint[];

export function endpointKey(e: Pick<Endpoint, 'method' | 'path' | 'root'>): string {
  return `${e.method} ${e.root ? '' : '/api/v1'}${e.path}`;
}
