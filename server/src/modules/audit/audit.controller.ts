import { Controller, Get, Query } from '@nestjs/common';
import { AuditQuery, type AuditEntry, type Page } from '@linli/shared';
import { Auth, type AuthContext } from '../../common/auth/auth-context.js';
import { RequirePermission } from '../../common/auth/permission.decorator.js';
import { AuditService } from './audit.service.js';

@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @RequirePermission('audit.read')
  list(@Auth() auth: AuthContext, @Query({ schema: AuditQuery }) q: AuditQuery): Promise<Page<AuditEntry>> {
    return this.audit.list(auth, q);
  }
}
