import type { NodeKind, Role } from '@linli/shared';

export interface ScopeMembership {
  id: string;
  role: Role;
  nodeId: string;
  nodeKind: NodeKind;
  /** ltree path of the node, e.g. `1.2.17`. */
  path: string;
  /** The household the member joined with (residents, tenants), and their person record. */
  householdId: string | null;
  personId: string | null;
}

/** The part of a node the policy needs. */
export interface ScopedNode {
  id: string;
  name: string;
  path: string;
  kind: NodeKind;
}
