import { SetMetadata } from '@nestjs/common';
import type { Permission } from '@linli/shared';

export const PERMISSION_KEY = 'linli:permission';

/** Every route names its permission; the global guard refuses routes that do not. */
export const RequirePermission = (permission: Permission) => SetMetadata(PERMISSION_KEY, permission);
