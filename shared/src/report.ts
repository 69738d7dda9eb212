import { z } from 'zod';
import { Id, PageQuery, Timestamp } from './common.js';
import { GridNodeRef } from './grid.js';
import { PhotoDto } from './upload.js';

export const REPORT_CATEGORIES = ['rubbish', 'environment', 'facility', 'hazard', 'uncivil', 'dispute', 'other'] as const;
export const ReportCategory = z.enum(REPORT_CATEGORIES, { error: '请选择问题类别' });
export type ReportCategory = z.infer<typeof ReportCategory>;
export const REPORT_CATEGORY_LABELS: Record<ReportCategory, string> = {
  rubbish: '垃圾',
  environment: '环境',
  facility: '设施损坏',
  hazard: '安全隐患',
  uncivil: '不文明行为',
  dispute: '邻里纠纷',
  other: '其他',
};
/** Disputes name neighbours: only the reporter and the handlers see them, never the whole grid. */
export const PRIVATE_REPORT_CATEGORIES: readonly ReportCategory[] = ['dispute'];

export const REPORT_STATUSES = ['submitted', 'accepted', 'in_progress', 'resolved', 'closed', 'rejected'] as const;
export const ReportStatus = z.enum(REPORT_STATUSES);
export type ReportStatus = z.infer<typeof ReportStatus>;
export const REPORT_STATUS_LABELS: Record<ReportStatus, string> = {
  submitted: '待受理',
  accepted: '已受理',
  in_progress: '处理中',
  resolved: '已解决',
  closed: '已办结',
  rejected: '未受理',
};
export const OPEN_REPORT_STATUSES: readonly ReportStatus[] = ['submitted', 'accepted', 'in_progress'];

export const REPORT_ACTIONS = ['accept', 'start', 'resolve', 'reject', 'escalate', 'reopen', 'confirm', 'comment'] as const;
export const ReportAction = z.enum(REPORT_ACTIONS, { error: '不支持的操作' });
export type ReportAction = z.infer<typeof ReportAction>;
export const REPORT_ACTION_LABELS: Record<ReportAction | 'submit' | 'auto_escalate' | 'auto_close', string> = {
  submit: '提交上报',
  accept: '受理',
  start: '开始处理',
  resolve: '已解决',
  reject: '不予受理',
  escalate: '上报上级',
  reopen: '重新打开',
  confirm: '确认解决',
  comment: '留言',
  auto_escalate: '超时自动上报',
  auto_close: '7 天无异议，自动办结',
};

/** Where a reported problem is: free text, and a map point if the phone gave one. */
export const ReportLocation = z.object({
  text: z.string().trim().max(100, '位置描述最多 100 字').optional(),
  latitude: z.number().min(-90).max(90).optional(),
  longitude: z.number().min(-180).max(180).optional(),
});
export type ReportLocation = z.infer<typeof ReportLocation>;

const photoIds = z.array(Id).max(9, '最多 9 张照片');

export const CreateReportRequest = z.object({
  /** The grid the problem is in; optional when the reporter belongs to exactly one. */
  gridId: Id.optional(),
  category: ReportCategory,
  description: z.string().trim().min(5, '请至少写 5 个字，说清楚是什么问题').max(500, '最多 500 字'),
  photoIds: photoIds.default([]),
  location: ReportLocation.optional(),
  anonymous: z.boolean().default(false),
  /** Made on the phone when the report is started: sending it again (a lost answer) gives back the same report. */
  clientId: Id.optional(),
});
export type CreateReportRequest = z.input<typeof CreateReportRequest>;

export const ReportActionRequest = z
  .object({
    action: ReportAction,
    note: z.string().trim().max(500, '最多 500 字').optional(),
    photoIds: photoIds.optional(),
    /** Comments only: whether neighbours see it (a resolution's reply is always public). */
    public: z.boolean().optional(),
    /** Rejections: who is responsible instead ("not our responsibility" says who is). */
    responsibleParty: z.string().trim().max(100, '最多 100 字').optional(),
  })
  .superRefine((v, ctx) => {
    const needsNote = v.action === 'resolve' || v.action === 'reject' || v.action === 'reopen' || v.action === 'comment';
    if (needsNote && !v.note) {
      const what = { resolve: '请写处理结果（会公开给网格成员）', reject: '请写不予受理的原因', reopen: '请写为什么问题没有解决', comment: '请写留言内容' }[v.action as 'resolve'];
      ctx.addIssue({ code: 'custom', path: ['note'], message: what });
    }
    if (v.responsibleParty && v.action !== 'reject') ctx.addIssue({ code: 'custom', path: ['responsibleParty'], message: '只有不予受理时才填写责任单位' });
  });
export type ReportActionRequest = z.infer<typeof ReportActionRequest>;

export const ReportEvent = z.object({
  id: Id,
  action: z.enum(['submit', ...REPORT_ACTIONS, 'auto_escalate', 'auto_close']),
  at: Timestamp,
  /** null for the system (deadlines); the reporter's name is hidden from neighbours when anonymous. */
  actor: z.object({ displayName: z.string(), role: z.enum(['reporter', 'handler', 'system']) }),
  fromStatus: ReportStatus.nullable(),
  toStatus: ReportStatus,
  note: z.string().nullable(),
  responsibleParty: z.string().nullable(),
  photos: z.array(PhotoDto),
  public: z.boolean(),
  /** Escalations: the node it went up to. */
  node: GridNodeRef.nullable(),
});
export type ReportEvent = z.infer<typeof ReportEvent>;

export const ReportSummary = z.object({
  id: Id,
  category: ReportCategory,
  description: z.string(),
  status: ReportStatus,
  grid: GridNodeRef,
  /** The node whose staff handle it now (moves up on escalation). */
  handlerNode: GridNodeRef,
  reporter: z.object({ displayName: z.string(), anonymous: z.boolean(), isMe: z.boolean() }),
  thumbnail: PhotoDto.nullable(),
  photoCount: z.number().int(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  /** The deadline of the current step: acceptance while submitted, resolution while accepted or in progress. */
  dueAt: Timestamp.nullable(),
  overdue: z.boolean(),
  /** When the reporter can expect it resolved. */
  expectedResolveAt: Timestamp.nullable(),
  escalationLevel: z.number().int(),
});
export type ReportSummary = z.infer<typeof ReportSummary>;

export const ReportDetail = ReportSummary.extend({
  location: ReportLocation.nullable(),
  photos: z.array(PhotoDto),
  publicReply: z.object({ text: z.string(), at: Timestamp, photos: z.array(PhotoDto) }).nullable(),
  timeline: z.array(ReportEvent),
  /** What the caller may do now (the buttons to show). */
  allowedActions: z.array(ReportAction),
  /** Until when the reporter may reopen a resolved report. */
  reopenUntil: Timestamp.nullable(),
});
export type ReportDetail = z.infer<typeof ReportDetail>;

export const REPORT_VIEWS = ['mine', 'handling', 'grid'] as const;
export const ReportsQuery = PageQuery.extend({
  /** `mine`: reports I made; `handling`: my queue as a handler, soonest deadline first; `grid`: a grid's reports (needs gridId). */
  view: z.enum(REPORT_VIEWS).optional(),
  gridId: Id.optional(),
  status: z.union([ReportStatus, z.literal('open')]).optional(),
});
export type ReportsQuery = z.infer<typeof ReportsQuery>;

/** WeChat's message push for an image check (`wxa_media_check`), plaintext JSON mode. */
export const MediaCheckPush = z.object({
  MsgType: z.string().optional(),
  Event: z.string().optional(),
  trace_id: z.string().max(200).optional(),
  result: z.object({ suggest: z.string().max(20).optional(), label: z.number().optional() }).optional(),
});
export const WechatPushQuery = z.object({
  signature: z.string().max(100),
  timestamp: z.string().max(20),
  nonce: z.string().max(100),
  echostr: z.string().max(200).optional(),
});
