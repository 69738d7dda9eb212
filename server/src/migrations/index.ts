import { InitGridTree1764300000000 } from './1764300000000-init-grid-tree.js';
import { HouseholdsInvitesAudit1764400000000 } from './1764400000000-households-invites-audit.js';
import { Care1764500000000 } from './1764500000000-care.js';
import { QueueNotificationsCheckRequests1764600000000 } from './1764600000000-queue-notifications-check-requests.js';
import { NodeSettings1764700000000 } from './1764700000000-node-settings.js';
import { UploadsReports1764900000000 } from './1764900000000-uploads-reports.js';
import { FamilyAllClear1764950000000 } from './1764950000000-family-all-clear.js';

/** Every migration, in order. Listed by hand so ESM builds and tests load the same set. */
export const MIGRATIONS = [InitGridTree1764300000000, HouseholdsInvitesAudit1764400000000, Care1764500000000, QueueNotificationsCheckRequests1764600000000, NodeSettings1764700000000, UploadsReports1764900000000, FamilyAllClear1764950000000];
