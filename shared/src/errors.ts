import { z } from 'zod';

/**
 * Every error the API answers with. The code is for programs; the message is Chinese, for people.
 * The HTTP status of each code is mapped in one place on the server (`error-status.ts`).
 */
export const ERROR_MESSAGES = {
  VALIDATION_FAILED: '填写的内容有误，请检查后再试',
  INVALID_JSON: '请求内容格式不正确',
  UNSUPPORTED_MEDIA_TYPE: '不支持的内容类型',
  PAYLOAD_TOO_LARGE: '内容太大，请精简后再试',
  UNAUTHENTICATED: '请先登录',
  TOKEN_EXPIRED: '登录已过期，请重新登录',
  FORBIDDEN: '没有权限进行此操作',
  NOT_FOUND: '没有找到相关内容',
  ROUTE_NOT_FOUND: '请求的地址不存在',
  METHOD_NOT_ALLOWED: '不支持此操作',
  CONFLICT: '操作冲突，请刷新后再试',
  RATE_LIMITED: '操作太频繁，请稍后再试',
  WECHAT_CODE_INVALID: '微信登录凭证无效或已过期，请重新登录',
  WECHAT_RATE_LIMITED: '微信登录繁忙，请稍后再试',
  WECHAT_UNAVAILABLE: '暂时无法连接微信服务，请稍后再试',
  INVALID_CHILD_KIND: '这一级下面不能建立这种类型的网格',
  DUPLICATE_NODE_NAME: '同一级下已有同名网格',
  MEMBERSHIP_NOT_PENDING: '该申请已处理，无需重复操作',
  ROLE_ABOVE_OWN: '不能授予比自己更高的角色',
  INVITE_NOT_FOUND: '邀请码无效，请向网格长重新索取',
  INVITE_EXPIRED: '邀请已过期，请向网格长重新索取',
  INVITE_REVOKED: '邀请已被撤销，请向网格长重新索取',
  INVITE_USED_UP: '邀请的使用次数已满，请向网格长重新索取',
  INVITE_ROLE_NOT_ALLOWED: '不能在这里发出这种身份的邀请',
  CONSENT_OUTDATED: '隐私说明已更新，请重新阅读并同意',
  ALREADY_MEMBER: '你已经加入（或申请加入）了这个网格',
  HOUSEHOLD_REQUIRED: '请填写你家的门牌号',
  HOUSEHOLD_AMBIGUOUS: '有多户门牌号相同，请补充楼栋号',
  HOUSEHOLD_EXISTS: '这个门牌号已经登记过了',
  LINKED_PERSON_INVALID: '关联的人员不在这个网格里',
  IMPORT_FILE_INVALID: '文件无法读取，请使用下载的模板（.xlsx）',
  VISIT_CONFLICT: '这条走访记录已经提交过，内容却不一样，请刷新后再试',
  VISIT_TIME_INVALID: '走访时间不对：不能晚于现在，也不能早于 30 天前',
  NOT_UNDER_CARE: '这位还没有关爱计划，请先设置走访频次',
  PHOTO_NOT_FOUND: '照片没有找到，请重新上传',
  CHECK_REQUEST_NOT_FOUND: '没有找到这条上门查看请求',
  CHECK_REQUEST_TAKEN: '已经有网格员接单了',
  CHECK_REQUEST_CLOSED: '这条请求已经处理完了',
  UPLOAD_NOT_IMAGE: '只能上传照片（JPG、PNG 或 WebP 格式）',
  UPLOAD_UNREADABLE: '照片无法读取，请重新拍摄或选择',
  REPORT_GRID_REQUIRED: '请选择问题所在的网格',
  REPORT_TRANSITION_INVALID: '这条上报当前的状态下不能进行这个操作，请刷新后再看',
  REPORT_REOPEN_EXPIRED: '已解决超过 7 天，不能再重新打开，请重新上报',
  REPORT_CANNOT_ESCALATE: '已经是最高一级，不能再往上报了',
  WECHAT_SIGNATURE_INVALID: '微信推送签名不正确',
  CONTENT_REJECTED: '内容含有不适宜发布的信息，请修改后再试',
  // notices
  NOTICE_NOT_RECIPIENT: '这条通知不是发给你的，无需确认',
  NOTICE_CONFIRM_NOT_REQUIRED: '这条通知不需要确认',
  NOTICE_REMIND_TOO_SOON: '刚刚已经提醒过了，请稍后再提醒',
  DB_UNAVAILABLE: '服务暂时不可用，请稍后再试',
  INTERNAL: '服务出了点问题，请稍后再试',
  // tenancy (issue 7): one code per reason an ID number or phone is refused, and the tenancy states
  ID_NUMBER_LENGTH: '身份证号应为 18 位',
  ID_NUMBER_FORMAT: '身份证号前 17 位应为数字，最后一位为数字或 X',
  ID_NUMBER_REGION: '身份证号开头的地区代码不存在，请核对',
  ID_NUMBER_BIRTH_DATE: '身份证号中的出生日期不正确，请核对',
  ID_NUMBER_CHECKSUM: '身份证号校验位不对，可能有数字输错了，请逐位核对',
  PHONE_INVALID: '请填写 11 位手机号，如 13812345678',
  ROOM_UNKNOWN: '这套出租房没有这个房间，请先添加房间',
  TENANT_ALREADY_REGISTERED: '这位租客已经在这套房登记过了',
  TENANCY_NOT_PENDING: '这条登记不是待确认状态',
  TENANCY_ENDED: '这位租客已经搬走了',
  MOVE_OUT_DATE_INVALID: '搬离日期不能早于入住日期，也不能晚于今天',
  // attack (issue 9): a request line or headers over the server's limit
  HEADERS_TOO_LARGE: '请求地址或请求头太长',
} as const;

export type ErrorCode = keyof typeof ERROR_MESSAGES;
export const ERROR_CODES = Object.keys(ERROR_MESSAGES) as ErrorCode[];
export const ErrorCodeSchema = z.enum(ERROR_CODES as [ErrorCode, ...ErrorCode[]]);

export const ErrorBody = z.object({
  error: z.object({
    code: ErrorCodeSchema,
    message: z.string(),
    details: z.unknown().optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

export function isErrorBody(value: unknown): value is ErrorBody {
  return ErrorBody.safeParse(value).success;
}
