import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const DEV_SECRET_MARK = 'dev-';

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z.string().url().optional(),
  DATA_DIR: z.string().default('.data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_PRETTY: z.enum(['0', '1']).optional(),
  WECHAT_MODE: z.enum(['mock', 'real']).optional(),
  WECHAT_APPID: z.string().optional(),
  WECHAT_SECRET: z.string().optional(),
  WECHAT_API_BASE: z.string().url().default('https://api.weixin.qq.com'),
  WECHAT_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
  TOKEN_SECRET: z.string().min(32, 'TOKEN_SECRET must be at least 32 characters').optional(),
  TOKEN_TTL_MINUTES: z.coerce.number().int().min(1).max(60 * 24 * 30).default(12 * 60),
  FIELD_ENCRYPTION_KEY: z.string().optional(),
  BLIND_INDEX_KEY: z.string().optional(),
  FIELD_KEY_ID: z.string().regex(/^[A-Za-z0-9_-]{1,16}$/, 'FIELD_KEY_ID: 1-16 letters, digits, - or _').default('k1'),
  PUBLIC_BASE_URL: z.string().url().optional(),
  TRUST_PROXY: z.enum(['0', '1']).default('0'),
  RATE_INVITE_PER_MINUTE: z.coerce.number().int().min(1).default(60),
  RATE_JOIN_PER_MINUTE: z.coerce.number().int().min(1).default(10),
  RATE_REPORTS_PER_HOUR: z.coerce.number().int().min(1).default(20),
  CARE_POLICY_HOURS: z.string().default('独居老人=24,空巢=48'),
  CARE_POLICY_EPIDEMIC_HOURS: z.string().default('独居老人=12,空巢=24'),
  EPIDEMIC_MODE: z.enum(['0', '1']).default('0'),
  CHECK_REQUEST_ESCALATE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  /** How often the job queue looks for due work; 0 turns the worker off (another instance runs it). */
  QUEUE_POLL_MS: z.coerce.number().int().min(0).default(500),
  /** Subscription message templates by notification kind: `check-request=TEMPLATE_ID,visit=…`. */
  WECHAT_TEMPLATES: z.string().default(''),
  /** Mock mode's content-security check: text containing any of these comma-separated words is refused. */
  WECHAT_MOCK_BLOCKED_WORDS: z.string().default('赌博,代开发票,枪支弹药,办证刻章'),
  /** Reports: default SLA where no node above sets one (hours to accept, days to resolve). */
  REPORT_ACCEPT_HOURS: z.coerce.number().int().min(1).max(168).default(24),
  REPORT_RESOLVE_DAYS: z.coerce.number().int().min(1).max(90).default(7),
  /** Uploaded images: folder (default DATA_DIR/uploads), size limit, and how long a signed image URL lives. */
  UPLOAD_DIR: z.string().optional(),
  UPLOAD_MAX_BYTES: z.coerce.number().int().min(10_000).max(50 * 1024 * 1024).default(10 * 1024 * 1024),
  PHOTO_URL_TTL_MINUTES: z.coerce.number().int().min(1).max(7 * 24 * 60).default(120),
  /** The token set for the mini-program's message push (image check results); unset refuses every push. */
  WECHAT_PUSH_TOKEN: z.string().min(3).max(32).optional(),
  /** How often the dashboard's rollups are rebuilt (seconds). */
  STATS_REFRESH_SECONDS: z.coerce.number().int().min(5).max(3600).default(300),
  H5_DIR: z.string().optional(),
  SEED_DEMO: z.enum(['auto', 'never']).default('auto'),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  DB_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).default(3000),
  DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  // notices
  /** How long a claimed job stays locked before another worker may take it over (a crashed worker's jobs wait this long). */
  QUEUE_LOCK_MS: z.coerce.number().int().min(1000).default(60_000),
  /** Urgent notices: WeChat subscription messages sent per second (WeChat limits the rate per app). */
  NOTICE_URGENT_SENDS_PER_SECOND: z.coerce.number().min(0.1).max(1000).default(20),
  // tenancy (issue 7)
  TENANCY_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(730),
  TENANCY_EXPORT_VALUES: z.enum(['masked', 'full']).default('masked'),
});

export interface AppConfig {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  /** Set when an outside PostgreSQL is used; unset means the embedded one. */
  databaseUrl?: string;
  dataDir: string;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  logPretty: boolean;
  wechat: { mode: 'mock' | 'real'; appId?: string; secret?: string; apiBase: string; timeoutMs: number; mockBlockedWords: string[] };
  tokenSecret: string;
  tokenTtlMinutes: number;
  fieldEncryptionKey: Buffer;
  fieldKeyId: string;
  blindIndexKey: Buffer;
  /** Origin of join links; unset: the origin the request came to. */
  publicBaseUrl?: string;
  trustProxy: boolean;
  rateLimits: { invitePerMinute: number; joinPerMinute: number; reportsPerHour: number };
  /** Default visit interval (hours) by person tag, from the district's policy tiers. */
  carePolicyHours: Record<string, number>;
  checkRequestEscalateMinutes: number;
  queuePollMs: number;
  /** Notification kind → WeChat subscription template id (mock mode: every kind maps to `mock-<kind>`). */
  wechatTemplates: Record<string, string>;
  reports: { acceptHours: number; resolveDays: number };
  uploads: { dir: string; maxBytes: number; urlTtlMinutes: number };
  wechatPushToken?: string;
  statsRefreshSeconds: number;
  h5Dir?: string;
  seedDemo: boolean;
  db: { poolSize: number; connectTimeoutMs: number; statementTimeoutMs: number };
  // notices
  queueLockMs: number;
  noticeUrgentSendsPerSecond: number;
  /** Tenancy (issue 7): days an ended tenancy is kept before it is purged; ID numbers and phones in the roster export. */
  tenancy: { retentionDays: number; exportValues: 'masked' | 'full' };
}

export class ConfigError extends Error {}

/** `独居老人=24,空巢=48` → { 独居老人: 24, 空巢: 48 }. */
function parsePolicy(text: string): Record<string, number> {
  const policy: Record<string, number> = {};
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [tag, hours] = part.split('=');
    const n = Number(hours);
    if (!tag || !Number.isInteger(n) || n < 1 || n > 720) throw new ConfigError(`Invalid care policy entry "${part}": expected TAG=HOURS (1-720)`);
    policy[tag.trim()] = n;
  }
  return policy;
}

interface DevKeys {
  tokenSecret: string;
  fieldEncryptionKey: string;
  blindIndexKey: string;
}

/** Development keys live in DATA_DIR so restarts keep tokens and encrypted fields readable. */
function loadOrCreateDevKeys(dataDir: string): DevKeys {
  const file = path.join(dataDir, 'dev-keys.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as DevKeys;
  mkdirSync(dataDir, { recursive: true });
  const keys: DevKeys = {
    tokenSecret: DEV_SECRET_MARK + randomBytes(32).toString('base64url'),
    fieldEncryptionKey: randomBytes(32).toString('base64'),
    blindIndexKey: randomBytes(32).toString('base64'),
  };
  writeFileSync(file, JSON.stringify(keys, null, 2), { mode: 0o600 });
  return keys;
}

function decodeKey(name: string, value: string): Buffer {
  const key = Buffer.from(value, 'base64');
  if (key.length !== 32) throw new ConfigError(`${name} must be 32 bytes, base64-encoded (got ${key.length} bytes)`);
  return key;
}

/** Reads and validates the environment. Refuses to start production with mock WeChat or development secrets. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  const dataDir = path.resolve(e.DATA_DIR);
  const wechatMode = e.WECHAT_MODE ?? (production ? 'real' : 'mock');

  const problems: string[] = [];
  if (production) {
    if (wechatMode === 'mock') problems.push('WECHAT_MODE=mock is not allowed in production: anyone could log in as anyone');
    if (!e.TOKEN_SECRET) problems.push('TOKEN_SECRET must be set in production');
    else if (e.TOKEN_SECRET.startsWith(DEV_SECRET_MARK)) problems.push('TOKEN_SECRET is a development secret');
    if (!e.FIELD_ENCRYPTION_KEY) problems.push('FIELD_ENCRYPTION_KEY must be set in production');
    if (!e.BLIND_INDEX_KEY) problems.push('BLIND_INDEX_KEY must be set in production');
    if (!e.DATABASE_URL) problems.push('DATABASE_URL must be set in production (the embedded database is for development)');
  }
  if (wechatMode === 'real' && (!e.WECHAT_APPID || !e.WECHAT_SECRET)) {
    problems.push('WECHAT_MODE=real needs WECHAT_APPID and WECHAT_SECRET');
  }
  if (problems.length) throw new ConfigError(`Refusing to start:\n${problems.map((p) => `  - ${p}`).join('\n')}`);

  const needDevKeys = !e.TOKEN_SECRET || !e.FIELD_ENCRYPTION_KEY || !e.BLIND_INDEX_KEY;
  const dev = needDevKeys ? loadOrCreateDevKeys(dataDir) : undefined;

  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir,
    logLevel: e.LOG_LEVEL,
    logPretty: e.LOG_PRETTY ? e.LOG_PRETTY === '1' : !production && process.stdout.isTTY === true,
    wechat: { mode: wechatMode, appId: e.WECHAT_APPID, secret: e.WECHAT_SECRET, apiBase: e.WECHAT_API_BASE.replace(/\/$/, ''), timeoutMs: e.WECHAT_TIMEOUT_MS,
      mockBlockedWords: e.WECHAT_MOCK_BLOCKED_WORDS.split(',').map((w) => w.trim()).filter(Boolean) },
    tokenSecret: e.TOKEN_SECRET ?? dev!.tokenSecret,
    tokenTtlMinutes: e.TOKEN_TTL_MINUTES,
    fieldEncryptionKey: decodeKey('FIELD_ENCRYPTION_KEY', e.FIELD_ENCRYPTION_KEY ?? dev!.fieldEncryptionKey),
    fieldKeyId: e.FIELD_KEY_ID,
    blindIndexKey: decodeKey('BLIND_INDEX_KEY', e.BLIND_INDEX_KEY ?? dev!.blindIndexKey),
    publicBaseUrl: e.PUBLIC_BASE_URL?.replace(/\/$/, ''),
    trustProxy: e.TRUST_PROXY === '1',
    rateLimits: { invitePerMinute: e.RATE_INVITE_PER_MINUTE, joinPerMinute: e.RATE_JOIN_PER_MINUTE, reportsPerHour: e.RATE_REPORTS_PER_HOUR },
    checkRequestEscalateMinutes: e.CHECK_REQUEST_ESCALATE_MINUTES,
    queuePollMs: e.QUEUE_POLL_MS,
    wechatTemplates: Object.fromEntries(
      e.WECHAT_TEMPLATES.split(',').map((p) => p.trim()).filter(Boolean).map((p) => p.split('=').map((x) => x.trim()) as [string, string]),
    ),
    carePolicyHours: parsePolicy(e.EPIDEMIC_MODE === '1' ? e.CARE_POLICY_EPIDEMIC_HOURS : e.CARE_POLICY_HOURS),
    reports: { acceptHours: e.REPORT_ACCEPT_HOURS, resolveDays: e.REPORT_RESOLVE_DAYS },
    uploads: { dir: path.resolve(e.UPLOAD_DIR ?? path.join(dataDir, 'uploads')), maxBytes: e.UPLOAD_MAX_BYTES, urlTtlMinutes: e.PHOTO_URL_TTL_MINUTES },
    wechatPushToken: e.WECHAT_PUSH_TOKEN,
    statsRefreshSeconds: e.STATS_REFRESH_SECONDS,
    h5Dir: e.H5_DIR ? path.resolve(e.H5_DIR) : undefined,
    seedDemo: e.SEED_DEMO === 'auto',
    db: { poolSize: e.DB_POOL_SIZE, connectTimeoutMs: e.DB_CONNECT_TIMEOUT_MS, statementTimeoutMs: e.DB_STATEMENT_TIMEOUT_MS },
    // notices
    queueLockMs: e.QUEUE_LOCK_MS,
    noticeUrgentSendsPerSecond: e.NOTICE_URGENT_SENDS_PER_SECOND,
    tenancy: { retentionDays: e.TENANCY_RETENTION_DAYS, exportValues: e.TENANCY_EXPORT_VALUES },
  };
}

export const APP_CONFIG = Symbol('APP_CONFIG');
