import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  addressKey, formatAddress, formatGridPath, maskName, PRIVACY_NOTICE_VERSION, ROLE_LABELS, ROLE_RANK,
  type CreateInviteRequest, type InviteDto, type InvitePreview, type InviteStatus, type JoinRequest, type JoinResponse, type NodeKind, type Page, type Role,
} from '@linli/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { z } from 'zod';
import type { AuthContext } from '../../common/auth/auth-context.js';
import { APP_CONFIG, type AppConfig } from '../../common/config/config.js';
import { FieldCrypto } from '../../common/crypto/field-crypto.js';
import { AppError } from '../../common/errors/app-error.js';
import { decodeCursor, toPage } from '../../common/http/cursor.js';
import { RateLimiter } from '../../common/rate-limit/rate-limiter.js';
import { isAtOrBelow } from '../../common/scope/ltree.js';
import { ScopePolicy } from '../../common/scope/scope.policy.js';
import { GridsRepository } from '../grids/grids.repository.js';
import { HouseholdsRepository } from '../households/households.repository.js';
import { protectPhone } from '../households/protected-fields.js';
import { WechatAdapter, type CodeImage } from '../wechat/wechat.adapter.js';
import { InvitesRepository, JoinWrites, type InviteRow } from './invites.repository.js';
import { posterPdf } from './render/poster.js';

const InviteCursor = z.object({ createdAt: z.iso.datetime({ offset: true }), id: z.uuid() });
export const JOIN_PAGE = 'pages/join/index';
const CODE_CACHE_SIZE = 200;

export function inviteStatus(i: Pick<InviteRow, 'revoked_at' | 'expires_at' | 'uses' | 'max_uses'>, now = new Date()): InviteStatus {
  if (i.revoked_at) return 'revoked';
  if (i.expires_at <= now) return 'expired';
  if (i.uses >= i.max_uses) return 'used_up';
  return 'active';
}

const STATUS_ERRORS = { expired: 'INVITE_EXPIRED', revoked: 'INVITE_REVOKED', used_up: 'INVITE_USED_UP' } as const;

/**
 * Who joins where: residents where households are kept (grids, micro-grids), tenants only in
 * rental houses, volunteers and family anywhere but a rental house; landlords invite tenants only.
 */
function inviteRoleAllowed(staffRole: Role, role: string, nodeKind: NodeKind): boolean {
  if (staffRole === 'landlord') return role === 'tenant' && nodeKind === 'rental_group';
  if (role === 'tenant') return nodeKind === 'rental_group';
  if (role === 'resident') return nodeKind === 'grid' || nodeKind === 'micro_grid';
  return nodeKind !== 'rental_group';
}

/** Residents and tenants join a household; volunteers and family do not. */
const JOINS_HOUSEHOLD: readonly string[] = ['resident', 'tenant'];

@Injectable()
export class InvitesService {
  /** Scan codes are cached: WeChat's getUnlimited has a quota and posters are fetched again and again. */
  private readonly codes = new Map<string, CodeImage>();

  constructor(
    private readonly db: DataSource,
    private readonly invites: InvitesRepository,
    private readonly households: HouseholdsRepository,
    private readonly grids: GridsRepository,
    private readonly scope: ScopePolicy,
    private readonly crypto: FieldCrypto,
    private readonly limiter: RateLimiter,
    private readonly wechat: WechatAdapter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  joinUrl(origin: string, token: string): string {
    return `${this.config.publicBaseUrl ?? origin}/#/${JOIN_PAGE}?t=${token}`;
  }

  private toDto(i: InviteRow, origin: string): InviteDto {
    const token = this.crypto.decrypt(i.token_enc);
    return {
      id: i.id,
      nodeId: i.node_id,
      role: i.role,
      token,
      joinUrl: this.joinUrl(origin, token),
      expiresAt: i.expires_at.toISOString(),
      maxUses: i.max_uses,
      uses: i.uses,
      requireApproval: i.require_approval,
      status: inviteStatus(i),
      linkedPerson: i.linked_person_id ? { id: i.linked_person_id, name: i.linked_person_name ?? '' } : null,
      createdAt: i.created_at.toISOString(),
    };
  }

  async create(auth: AuthContext, nodeId: string, body: CreateInviteRequest, origin: string): Promise<InviteDto> {
    const node = await this.scope.requireNode(auth, 'invites.manage', nodeId);
    const staffRole = (await this.scope.staffRoleOver(auth, 'invites.manage', node))!;
    if (ROLE_RANK[body.role] > ROLE_RANK[staffRole]) throw new AppError('ROLE_ABOVE_OWN');
    if (!inviteRoleAllowed(staffRole, body.role, node.kind)) {
      throw new AppError('INVITE_ROLE_NOT_ALLOWED', `不能在这里邀请「${ROLE_LABELS[body.role]}」`);
    }
    if (body.linkedPersonId) {
      const person = await this.households.findPerson(body.linkedPersonId);
      if (!person || !isAtOrBelow(person.node_path, node.path)) throw new AppError('LINKED_PERSON_INVALID');
    }
    // 128 bits from a CSPRNG, 22 URL-safe characters: fits a mini-program code's scene (≤ 32)
    const token = randomBytes(16).toString('base64url');
    const row = await this.invites.insert({
      nodeId,
      role: body.role,
      tokenHash: this.crypto.blindIndex('invite', token),
      tokenEnc: this.crypto.encrypt(token),
      linkedPersonId: body.role === 'family' ? body.linkedPersonId! : null,
      requireApproval: body.requireApproval,
      maxUses: body.maxUses,
      expiresInHours: body.expiresInHours,
      createdBy: auth.userId,
    });
    return this.toDto(row, origin);
  }

  async list(auth: AuthContext, nodeId: string, q: { cursor?: string; limit: number }, origin: string): Promise<Page<InviteDto>> {
    await this.scope.requireNode(auth, 'invites.manage', nodeId);
    const rows = await this.invites.findByNode(nodeId, q.limit, decodeCursor(q.cursor, InviteCursor));
    return toPage(rows, q.limit, (r) => this.toDto(r, origin), (r) => ({ createdAt: r.created_at.toISOString(), id: r.id }));
  }

  async revoke(auth: AuthContext, id: string): Promise<{ ok: true }> {
    const invite = await this.invites.findById(id);
    if (!invite) throw new AppError('NOT_FOUND');
    await this.scope.require(auth, 'invites.manage', { path: invite.node_path });
    await this.invites.revoke(id);
    this.codes.delete(id);
    return { ok: true };
  }

  /** An invite that can be used now, or the coded reason it cannot. */
  private usable(invite: InviteRow | undefined): InviteRow {
    if (!invite) throw new AppError('INVITE_NOT_FOUND');
    const status = inviteStatus(invite);
    if (status !== 'active') throw new AppError(STATUS_ERRORS[status]);
    return invite;
  }

  private async limitPublic(kind: string, ip: string, auth?: AuthContext): Promise<void> {
    await this.limiter.hit(`invite-${kind}:ip:${ip}`, this.config.rateLimits.invitePerMinute);
    if (auth) await this.limiter.hit(`invite-${kind}:user:${auth.userId}`, this.config.rateLimits.invitePerMinute);
  }

  async preview(token: string, ip: string, auth?: AuthContext): Promise<InvitePreview> {
    await this.limitPublic('preview', ip, auth);
    const invite = this.usable(await this.invites.findByTokenHash(this.crypto.blindIndex('invite', token)));
    const ancestors = await this.grids.findAncestors(invite.node_path);
    const grid = { id: invite.node_id, name: invite.node_name, kind: invite.node_kind };
    return {
      grid,
      path: [...ancestors, grid],
      role: invite.role,
      requireApproval: invite.require_approval,
      expiresAt: invite.expires_at.toISOString(),
      linkedPersonName: invite.linked_person_name ? maskName(invite.linked_person_name) : null,
      privacyNoticeVersion: PRIVACY_NOTICE_VERSION,
    };
  }

  async code(token: string, origin: string, ip: string): Promise<CodeImage> {
    await this.limitPublic('asset', ip);
    const invite = this.usable(await this.invites.findByTokenHash(this.crypto.blindIndex('invite', token)));
    return this.codeFor(invite, token, origin);
  }

  private async codeFor(invite: InviteRow, token: string, origin: string): Promise<CodeImage> {
    const cached = this.codes.get(invite.id);
    if (cached) return cached;
    const image = await this.wechat.miniProgramCode({ scene: token, page: JOIN_PAGE, h5Url: this.joinUrl(origin, token) });
    if (this.codes.size >= CODE_CACHE_SIZE) this.codes.delete(this.codes.keys().next().value!);
    this.codes.set(invite.id, image);
    return image;
  }

  async poster(token: string, origin: string, ip: string): Promise<Buffer> {
    await this.limitPublic('asset', ip);
    const invite = this.usable(await this.invites.findByTokenHash(this.crypto.blindIndex('invite', token)));
    const { image } = await this.codeFor(invite, token, origin);
    const ancestors = await this.grids.findAncestors(invite.node_path);
    return posterPdf({
      gridName: invite.node_name,
      pathText: formatGridPath([...ancestors, { name: invite.node_name, kind: invite.node_kind }]),
      roleLabel: ROLE_LABELS[invite.role],
      code: image,
      requireApproval: invite.require_approval,
      expiresAt: invite.expires_at,
    });
  }

  async join(auth: AuthContext, token: string, body: JoinRequest, ip: string): Promise<JoinResponse> {
    await this.limiter.hit(`join:user:${auth.userId}`, this.config.rateLimits.joinPerMinute);
    await this.limiter.hit(`join:ip:${ip}`, this.config.rateLimits.joinPerMinute * 3);
    if (body.consentVersion !== PRIVACY_NOTICE_VERSION) throw new AppError('CONSENT_OUTDATED', undefined, { current: PRIVACY_NOTICE_VERSION });

    return this.db.transaction(async (tx) => {
      const invite = this.usable(await this.invites.findByTokenHash(this.crypto.blindIndex('invite', token), tx, true));
      const writes = new JoinWrites(tx);
      if (await writes.hasLiveMembership(auth.userId, invite.node_id, invite.role)) throw new AppError('ALREADY_MEMBER');
      // consent first: nothing personal is stored before it
      await writes.recordConsent(auth.userId, body.consentVersion, invite.id);
      await writes.nameUser(auth.userId, body.person.name);

      let householdId: string | null = null;
      let personId: string | null = null;
      if (invite.role === 'family') {
        if (body.linkedPersonId && body.linkedPersonId !== invite.linked_person_id) throw new AppError('LINKED_PERSON_INVALID');
        await writes.linkFamily(auth.userId, invite.linked_person_id!);
      } else if (JOINS_HOUSEHOLD.includes(invite.role)) {
        if (!body.household) throw new AppError('HOUSEHOLD_REQUIRED');
        householdId = await this.findOrCreateHousehold(tx, invite, body.household);
        const phone = protectPhone(body.person.phone, this.crypto);
        personId = (await writes.claimablePerson(householdId, body.person.name, phone.bidx)) ?? null;
        if (personId) {
          await writes.attachUser(personId, auth.userId);
        } else {
          personId = await this.households.insertPerson(
            {
              householdId,
              name: body.person.name,
              gender: null,
              birthDate: body.person.birthDate ?? null,
              relation: invite.role === 'tenant' ? '租客' : null,
              phone,
              idNumber: { enc: null, bidx: null, masked: null },
              tags: [],
              sensitiveTagsEnc: null,
              userId: auth.userId,
            },
            tx,
          );
        }
      }
      const membership = await writes.insertMembership({
        userId: auth.userId,
        nodeId: invite.node_id,
        role: invite.role,
        active: !invite.require_approval,
        householdId,
        personId,
        inviteId: invite.id,
      });
      await this.invites.countUse(invite.id, tx);
      return { membership, grid: { id: invite.node_id, name: invite.node_name, kind: invite.node_kind }, householdId };
    });
  }

  private async findOrCreateHousehold(tx: EntityManager, invite: InviteRow, household: NonNullable<JoinRequest['household']>): Promise<string> {
    if ('householdId' in household) {
      const found = await this.households.findById(household.householdId, tx);
      if (!found || found.node_id !== invite.node_id) throw new AppError('NOT_FOUND', '没有找到这户，请重新选择或填写门牌号');
      return found.id;
    }
    const key = addressKey(household);
    // ordered with an exact building match first; without a building, two matches are two flats
    const matches = await this.households.findByAddress(invite.node_id, key, tx);
    if (matches.length > 1 && key.building === '') throw new AppError('HOUSEHOLD_AMBIGUOUS', `「${formatAddress(household)}」有多户，请补充楼栋号`);
    if (matches[0]) return matches[0].id;
    const id = await this.households.insert(invite.node_id, household, key, invite.role === 'tenant' ? 'rented' : 'owner_occupied', tx);
    return id ?? (await this.households.findExact(invite.node_id, key, tx))!.id;
  }
}
