import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { grantsSubtreeStaff, type LoginResponse, type MeResponse, type UserDto } from '@linli/shared';
import { TokenService } from '../../common/auth/token.service.js';
import type { AuthContext } from '../../common/auth/auth-context.js';
import { AppError } from '../../common/errors/app-error.js';
import { WechatAdapter } from '../wechat/wechat.adapter.js';
import { UsersRepository, type UserRow } from './users.repository.js';

function toUserDto(u: UserRow): UserDto {
  return { id: u.id, displayName: u.display_name, createdAt: u.created_at.toISOString() };
}

@Injectable()
export class AuthService {
  constructor(
    private readonly wechat: WechatAdapter,
    private readonly users: UsersRepository,
    private readonly tokens: TokenService,
  ) {}

  async login(code: string): Promise<LoginResponse> {
    const session = await this.wechat.code2Session(code);
    const suffix = createHash('sha256').update(session.openid).digest('hex').slice(0, 4);
    const user = await this.users.upsertByOpenid(session.openid, session.unionid, `微信用户${suffix}`);
    const { token, expiresAt } = await this.tokens.issue(user.id);
    return { token, expiresAt: expiresAt.toISOString(), user: toUserDto(user) };
  }

  async me(auth: AuthContext): Promise<MeResponse> {
    const user = await this.users.findById(auth.userId);
    if (!user) throw new AppError('UNAUTHENTICATED');
    const [memberships, linked] = await Promise.all([this.users.findLiveMemberships(auth.userId), this.users.findLinkedPersons(auth.userId)]);
    return {
      user: toUserDto(user),
      memberships: memberships.map((m) => ({
        id: m.id,
        role: m.role,
        status: m.status,
        node: { id: m.node_id, name: m.node_name, kind: m.node_kind },
        path: m.path,
        isStaff: m.status === 'active' && grantsSubtreeStaff(m.role, m.node_kind),
        householdId: m.household_id,
        personId: m.person_id,
        reason: m.reason,
        createdAt: m.created_at.toISOString(),
      })),
      linkedPersons: linked.map((p) => ({
        id: p.id,
        name: p.name,
        relation: p.relation,
        householdId: p.household_id,
        node: { id: p.node_id, name: p.node_name, kind: p.node_kind },
      })),
    };
  }
}
