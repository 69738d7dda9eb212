import { type DynamicModule, Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { AuthGuard } from './common/auth/auth.guard.js';
import { TokenService } from './common/auth/token.service.js';
import { APP_CONFIG, type AppConfig } from './common/config/config.js';
import { PINO } from './common/logging/logger.js';
import { ScopePolicy } from './common/scope/scope.policy.js';
import { Clock, SystemClock } from './common/clock.js';
import { FieldCrypto } from './common/crypto/field-crypto.js';
import { CareModule } from './modules/care/care.module.js';
import { CheckRequestsModule } from './modules/check-requests/check-requests.module.js';
import { NotificationsModule } from './modules/notifications/notifications.module.js';
import { JobQueue } from './common/queue/job-queue.js';
import { RateLimiter } from './common/rate-limit/rate-limiter.js';
import { AuditModule } from './modules/audit/audit.module.js';
import { AuthModule } from './modules/auth/auth.module.js';
import { HouseholdsModule } from './modules/households/households.module.js';
import { InvitesModule } from './modules/invites/invites.module.js';
import { GridsModule } from './modules/grids/grids.module.js';
import { HealthController } from './modules/health/health.controller.js';
import { MembershipsModule } from './modules/memberships/memberships.module.js';
import { MockWechatAdapter } from './modules/wechat/wechat-mock.adapter.js';
import { WechatHttpAdapter } from './modules/wechat/wechat-http.adapter.js';
import { WechatAdapter } from './modules/wechat/wechat.adapter.js';
import { ContentGuard } from './modules/wechat/content-guard.js';
import { UploadsModule } from './modules/uploads/uploads.module.js';
import { ReportsModule } from './modules/reports/reports.module.js';

export interface AppDeps {
  config: AppConfig;
  dataSource: DataSource;
  logger: Logger;
  /** Tests pass a ManualClock to move time. */
  clock?: Clock;
}

function wechatFor(config: AppConfig, logger: Logger): WechatAdapter {
  if (config.wechat.mode === 'mock') return new MockWechatAdapter(config.wechat.mockBlockedWords);
  return new WechatHttpAdapter(
    { apiBase: config.wechat.apiBase, appId: config.wechat.appId!, secret: config.wechat.secret!, timeoutMs: config.wechat.timeoutMs },
    logger.child({ component: 'wechat' }),
  );
}

/** What every module may inject: config, database, logger, tokens, the scope policy, WeChat. */
@Global()
@Module({})
class CoreModule {
  static forRoot(deps: AppDeps): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: APP_CONFIG, useValue: deps.config },
        { provide: DataSource, useValue: deps.dataSource },
        { provide: PINO, useValue: deps.logger },
        { provide: WechatAdapter, useValue: wechatFor(deps.config, deps.logger) },
        { provide: Clock, useValue: deps.clock ?? new SystemClock() },
        TokenService,
        ScopePolicy,
        FieldCrypto,
        RateLimiter,
        JobQueue,
        ContentGuard,
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
      exports: [APP_CONFIG, DataSource, PINO, WechatAdapter, Clock, TokenService, ScopePolicy, FieldCrypto, RateLimiter, JobQueue, ContentGuard],
    };
  }
}

@Module({})
export class AppModule {
  static forRoot(deps: AppDeps): DynamicModule {
    return {
      module: AppModule,
      imports: [CoreModule.forRoot(deps), AuditModule, AuthModule, GridsModule, MembershipsModule, HouseholdsModule, InvitesModule, NotificationsModule, CareModule, CheckRequestsModule, UploadsModule, ReportsModule],
      controllers: [HealthController],
    };
  }
}
