import { z } from 'zod';
import { LoginRequest, LoginResponse } from './auth.js';
import { IdParams, PageQuery, pageOf } from './common.js';
import { CreateChildRequest, GridDetail, GridNodeDto, GridSettingsDto, GridSettingsRequest } from './grid.js';
import { HealthResponse } from './health.js';
import { MeResponse, MembersQuery, MembershipDto, RejectMembershipRequest } from './membership.js';
import type { Permission } from './permissions.js';
import { AuditEntry, AuditQuery } from './audit.js';
import { CheckRequestDto, CheckRequestsQuery, CreateCheckRequest, MessageTemplates, NotificationsPage, SubscribeRequest } from './check-request.js';
import { CareListItem, CareListQuery, CarePlanDto, CarePlanRequest, CheckInRequest, CheckInResponse, FamilySettings, CreateVisitRequest, VisitDto, VisitExportQuery } from './care.js';
import { CreateHouseholdRequest, CreatePersonRequest, HouseholdDetail, HouseholdsQuery, HouseholdSummary, ImportResult, PersonDto, RevealRequest, RevealResponse, UpdatePersonRequest } from './household.js';
import { CreateReportRequest, MediaCheckPush, ReportActionRequest, ReportDetail, ReportSummary, ReportsQuery, WechatPushQuery } from './report.js';
import { UploadDto, UploadParams, UploadQuery } from './upload.js';
import { GridStats } from './stats.js';
import { CreateNoticeRequest, NoticeDto, NoticeReceipts, NoticesQuery, NoticeSummary, ReceiptsQuery, RemindResponse } from './notice.js';
import { CreatePropertyRequest, CreatePropertyResponse, CreateTenancyRequest, MoveOutRequest, PropertyDto, RosterExportQuery, RosterItem, TenanciesQuery, TenancyDto } from './tenancy.js';
import { CreateInviteRequest, InviteDto, InvitePreview, InviteTokenParams, JoinRequest, JoinResponse } from './invite.js';

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
  { method: 'GET', path: '/grids/:id/settings', tag: 'grids', summary: 'A node\'s settings, own and inherited (check-on escalation time)', permission: 'grid.settings', params: IdParams, response: GridSettingsDto },
  { method: 'PUT', path: '/grids/:id/settings', tag: 'grids', summary: 'Change a node\'s settings; null inherits from above', permission: 'grid.settings', params: IdParams, body: GridSettingsRequest, response: GridSettingsDto },
  { method: 'GET', path: '/grids/:id/members', tag: 'members', summary: 'Memberships of a node and its subtree', permission: 'members.read', params: IdParams, query: MembersQuery, response: pageOf(MembershipDto) },
  { method: 'POST', path: '/memberships/:id/approve', tag: 'members', summary: 'Approve a pending membership', permission: 'members.decide', params: IdParams, response: MembershipDto },
  { method: 'POST', path: '/memberships/:id/reject', tag: 'members', summary: 'Reject a pending membership with a reason', permission: 'members.decide', params: IdParams, body: RejectMembershipRequest, response: MembershipDto },
  { method: 'DELETE', path: '/memberships/:id', tag: 'members', summary: 'Remove a membership (staff) or leave (the member)', permission: 'members.decide', params: IdParams, response: ok },
  { method: 'POST', path: '/grids/:id/invites', tag: 'invites', summary: 'Make an invite (QR code) to join a node with a role', permission: 'invites.manage', params: IdParams, body: CreateInviteRequest, response: InviteDto, status: 201 },
  { method: 'GET', path: '/grids/:id/invites', tag: 'invites', summary: 'Invites of a node, newest first', permission: 'invites.manage', params: IdParams, query: PageQuery, response: pageOf(InviteDto) },
  { method: 'DELETE', path: '/invites/:id', tag: 'invites', summary: 'Revoke an invite', permission: 'invites.manage', params: IdParams, response: ok },
  { method: 'GET', path: '/invites/:token', tag: 'invites', summary: 'Public preview of an invite: grid name and path, role (rate-limited)', permission: 'public', params: InviteTokenParams, response: InvitePreview },
  { method: 'GET', path: '/invites/:token/qr.png', tag: 'invites', summary: 'The invite as a code to scan: a mini-program code (WeChat) or a QR code of the H5 join URL (mock mode)', permission: 'public', params: InviteTokenParams, produces: 'image/png' },
  { method: 'GET', path: '/invites/:token/poster.pdf', tag: 'invites', summary: 'A printable A4 poster for the stairwell', permission: 'public', params: InviteTokenParams, produces: 'application/pdf' },
  { method: 'POST', path: '/invites/:token/join', tag: 'invites', summary: 'Join with consent, household and person (rate-limited)', permission: 'user', params: InviteTokenParams, body: JoinRequest, response: JoinResponse },
  { method: 'GET', path: '/grids/:id/households', tag: 'households', summary: 'Households of a node and its subtree', permission: 'households.read', params: IdParams, query: HouseholdsQuery, response: pageOf(HouseholdSummary) },
  { method: 'POST', path: '/grids/:id/households', tag: 'households', summary: 'Register a household', permission: 'households.write', params: IdParams, body: CreateHouseholdRequest, response: HouseholdSummary, status: 201 },
  { method: 'GET', path: '/grids/:id/households/import-template.xlsx', tag: 'households', summary: 'The Excel roster template', permission: 'households.write', params: IdParams, produces: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
  { method: 'POST', path: '/grids/:id/households/import', tag: 'households', summary: 'Import an Excel roster (multipart field `file`): creates or updates, reports bad rows', permission: 'households.write', params: IdParams, response: ImportResult },
  { method: 'GET', path: '/households/:id', tag: 'households', summary: 'A household with its persons (staff; residents their own)', permission: 'households.read', params: IdParams, response: HouseholdDetail },
  { method: 'POST', path: '/households/:id/persons', tag: 'households', summary: 'Add a person to a household', permission: 'households.write', params: IdParams, body: CreatePersonRequest, response: PersonDto, status: 201 },
  { method: 'GET', path: '/persons/:id', tag: 'households', summary: 'A person, protected fields masked (staff; residents their household)', permission: 'households.read', params: IdParams, response: PersonDto },
  { method: 'PATCH', path: '/persons/:id', tag: 'households', summary: 'Change a person (staff; a resident their own record)', permission: 'households.write', params: IdParams, body: UpdatePersonRequest, response: PersonDto },
  { method: 'POST', path: '/persons/:id/reveal', tag: 'households', summary: 'See a full phone or ID number, with a reason; audited', permission: 'persons.reveal', params: IdParams, body: RevealRequest, response: RevealResponse },
  { method: 'GET', path: '/audit', tag: 'audit', summary: 'Audit log of a node\'s subtree (reveals, exports)', permission: 'audit.read', query: AuditQuery, response: pageOf(AuditEntry) },
  { method: 'PUT', path: '/persons/:id/care-plan', tag: 'care', summary: 'Set how often a person is visited and by whom', permission: 'care.manage', params: IdParams, body: CarePlanRequest, response: CarePlanDto },
  { method: 'GET', path: '/persons/:id/care-plan', tag: 'care', summary: 'A person\'s care plan (staff, carers, family)', permission: 'care.visit', params: IdParams, response: CarePlanDto },
  { method: 'GET', path: '/grids/:id/care', tag: 'care', summary: 'Everyone under care in the subtree, most overdue first (volunteers: the people assigned to them)', permission: 'care.manage', params: IdParams, query: CareListQuery, response: pageOf(CareListItem) },
  { method: 'POST', path: '/visits', tag: 'care', summary: 'Log a visit; idempotent on the client-made id (a retry answers the same visit)', permission: 'care.visit', body: CreateVisitRequest, response: VisitDto, status: 201 },
  { method: 'GET', path: '/persons/:id/visits', tag: 'care', summary: 'A person\'s visits, newest first (staff, carers, family)', permission: 'care.visit', params: IdParams, query: PageQuery, response: pageOf(VisitDto) },
  { method: 'POST', path: '/persons/:id/check-ins', tag: 'care', summary: 'The person\'s own "我很好" (or a family member confirming): counts as a contact', permission: 'user', params: IdParams, body: CheckInRequest, response: CheckInResponse, status: 201 },
  { method: 'GET', path: '/persons/:id/family-settings', tag: 'care', summary: 'A linked family member\'s settings for the person (all-clear notifications)', permission: 'user', params: IdParams, response: FamilySettings },
  { method: 'PUT', path: '/persons/:id/family-settings', tag: 'care', summary: 'Ask for (or stop) an all-clear when the person taps "我很好"', permission: 'user', params: IdParams, body: FamilySettings, response: FamilySettings },
  { method: 'GET', path: '/grids/:id/visits.xlsx', tag: 'care', summary: 'The visit log of a subtree and period as Excel (civil affairs shape; ID numbers masked); audited', permission: 'care.manage', params: IdParams, query: VisitExportQuery, produces: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
  { method: 'POST', path: '/persons/:id/check-requests', tag: 'check-on', summary: 'A family member asks the carers to check on the person (rate-limited)', permission: 'user', params: IdParams, body: CreateCheckRequest, response: CheckRequestDto, status: 201 },
  { method: 'GET', path: '/check-requests', tag: 'check-on', summary: 'Check requests the caller asked (family) or may answer (carers, staff), newest first', permission: 'user', query: CheckRequestsQuery, response: pageOf(CheckRequestDto) },
  { method: 'GET', path: '/check-requests/:id', tag: 'check-on', summary: 'One check request with its timeline', permission: 'user', params: IdParams, response: CheckRequestDto },
  { method: 'POST', path: '/check-requests/:id/acknowledge', tag: 'check-on', summary: 'A carer takes the request; the second to press gets 409', permission: 'care.visit', params: IdParams, response: CheckRequestDto },
  { method: 'GET', path: '/notifications', tag: 'inbox', summary: 'My inbox, newest first, with the unread count', permission: 'user', query: PageQuery, response: NotificationsPage },
  { method: 'GET', path: '/notifications/templates', tag: 'inbox', summary: 'The WeChat subscription message templates to ask the user for, by kind', permission: 'user', response: MessageTemplates },
  { method: 'POST', path: '/notifications/subscriptions', tag: 'inbox', summary: 'Record the WeChat subscription messages the user just accepted', permission: 'user', body: SubscribeRequest, response: ok },
  { method: 'POST', path: '/notifications/:id/read', tag: 'inbox', summary: 'Mark one notification read', permission: 'user', params: IdParams, response: ok },
  // --- uploads and reports (随手拍) ---
  { method: 'POST', path: '/uploads', tag: 'reports', summary: 'Upload an image (multipart field `file`): type sniffed from the bytes, EXIF stripped, thumbnail made', permission: 'user', response: UploadDto, status: 201 },
  { method: 'GET', path: '/uploads/:id', tag: 'reports', summary: 'An image: with a signed URL (exp, sig) or a login that may see what it belongs to', permission: 'public', params: UploadParams, query: UploadQuery, produces: 'image/jpeg' },
  { method: 'POST', path: '/reports', tag: 'reports', summary: 'Report a problem in my grid (a tenant\'s goes to the landlord first)', permission: 'user', body: CreateReportRequest, response: ReportDetail, status: 201 },
  { method: 'GET', path: '/reports', tag: 'reports', summary: 'Reports: mine, my queue as a handler (soonest deadline first), or a grid\'s', permission: 'user', query: ReportsQuery, response: pageOf(ReportSummary) },
  { method: 'GET', path: '/reports/:id', tag: 'reports', summary: 'A report with its timeline, public reply and the actions the caller may take', permission: 'user', params: IdParams, response: ReportDetail },
  { method: 'POST', path: '/reports/:id/actions', tag: 'reports', summary: 'Move a report along: accept, start, resolve, reject, escalate (handlers); reopen, confirm (reporter); comment', permission: 'user', params: IdParams, body: ReportActionRequest, response: ReportDetail },
  { method: 'GET', path: '/wechat/push', tag: 'ops', summary: 'WeChat message push: server URL verification (signature, echostr)', permission: 'public', query: WechatPushQuery, produces: 'text/plain' },
  { method: 'POST', path: '/wechat/push', tag: 'ops', summary: 'WeChat message push: image check results (wxa_media_check), signed', permission: 'public', query: WechatPushQuery, body: MediaCheckPush, produces: 'text/plain' },
  // notices
  { method: 'POST', path: '/grids/:id/notices', tag: 'notices', summary: 'Publish a notice to a node\'s whole subtree (delivered in the background)', permission: 'notices.publish', params: IdParams, body: CreateNoticeRequest, response: NoticeDto, status: 201 },
  { method: 'GET', path: '/notices', tag: 'notices', summary: 'My feed: notices addressed to my nodes or any node above them (and those I published), newest first', permission: 'user', query: NoticesQuery, response: pageOf(NoticeSummary) },
  { method: 'GET', path: '/notices/:id', tag: 'notices', summary: 'One notice; opening it marks it read', permission: 'notices.read', params: IdParams, response: NoticeDto },
  { method: 'POST', path: '/notices/:id/confirm', tag: 'notices', summary: 'Acknowledge a "must confirm" notice', permission: 'notices.read', params: IdParams, response: NoticeDto },
  { method: 'GET', path: '/notices/:id/receipts', tag: 'notices', summary: 'Reach, read and confirmed per child node and the households that have not read (author, staff above; a landlord for their houses)', permission: 'notices.receipts', params: IdParams, query: ReceiptsQuery, response: NoticeReceipts },
  { method: 'POST', path: '/notices/:id/remind', tag: 'notices', summary: 'Remind those who have not read (or confirmed) it, at most once per 6 hours per notice', permission: 'notices.receipts', params: IdParams, query: ReceiptsQuery, response: RemindResponse },
  // --- dashboard ---
  { method: 'GET', path: '/grids/:id/stats', tag: 'stats', summary: 'The numbers of a node\'s subtree and of each child node, worst first (rebuilt by the queue every few minutes)', permission: 'stats.read', params: IdParams, response: GridStats },
  // tenancy (issue 7)
  { method: 'POST', path: '/properties', tag: 'tenancy', summary: 'A landlord of a micro-grid registers a rental house: it becomes a rental_group node with the landlord as its staff', permission: 'user', body: CreatePropertyRequest, response: CreatePropertyResponse, status: 201 },
  { method: 'GET', path: '/properties', tag: 'tenancy', summary: 'The caller\'s own rental houses, with counts', permission: 'user', response: z.object({ items: z.array(PropertyDto) }) },
  { method: 'POST', path: '/properties/:id/tenancies', tag: 'tenancy', summary: 'Register a tenant (the landlord: active; the house\'s tenant registering themself: pending until confirmed). ID number and phone refused with a code per reason', permission: 'user', params: IdParams, body: CreateTenancyRequest, response: TenancyDto, status: 201 },
  { method: 'GET', path: '/properties/:id/tenancies', tag: 'tenancy', summary: 'A house\'s tenancies, protected fields masked (its landlord)', permission: 'tenancy.manage', params: IdParams, query: TenanciesQuery, response: pageOf(TenancyDto) },
  { method: 'POST', path: '/tenancies/:id/confirm', tag: 'tenancy', summary: 'The landlord confirms a self-registered tenant', permission: 'tenancy.manage', params: IdParams, response: TenancyDto },
  { method: 'POST', path: '/tenancies/:id/move-out', tag: 'tenancy', summary: 'End a tenancy and the tenant\'s membership of the house; purged after the retention period', permission: 'tenancy.manage', params: IdParams, body: MoveOutRequest, response: TenancyDto },
  { method: 'POST', path: '/tenancies/:id/verify', tag: 'tenancy', summary: 'The landlord re-verifies a tenancy (clears the 180-day flag). An addition to the DESIGN.md contract', permission: 'tenancy.manage', params: IdParams, response: TenancyDto },
  { method: 'GET', path: '/grids/:id/tenancies', tag: 'tenancy', summary: 'The roster of a subtree, masked, filterable by status and flag', permission: 'tenancy.roster', params: IdParams, query: TenanciesQuery, response: pageOf(RosterItem) },
  { method: 'GET', path: '/grids/:id/tenancies.xlsx', tag: 'tenancy', summary: 'The roster as Excel for the police station (masked unless configured otherwise); audited', permission: 'tenancy.roster', params: IdParams, query: RosterExportQuery, produces: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
] as const satisfies readonly Endpoint[];

export function endpointKey(e: Pick<Endpoint, 'method' | 'path' | 'root'>): string {
  return `${e.method} ${e.root ? '' : '/api/v1'}${e.path}`;
}
