import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Reflector, ModulesContainer } from '@nestjs/core';
import { PATH_METADATA, METHOD_METADATA } from '@nestjs/common/constants.js';
import { RequestMethod } from '@nestjs/common';
import { endpointKey, ENDPOINTS, PERMISSIONS } from '@linli/shared';
import { AuthGuard } from '../common/auth/auth.guard.js';
import { PERMISSION_KEY } from '../common/auth/permission.decorator.js';
import { AppError } from '../common/errors/app-error.js';
import { ScopePolicy } from '../common/scope/scope.policy.js';
import type { ScopeMembership } from '../common/scope/scope.types.js';
import { startTestApp, type TestApp } from '../test-support/test-app.js';

/**
 * Fail closed: a permission name the table does not know, or a role the system does not know,
 * grants nothing. Every route's handler names a permission of the table, the same one as the
 * contract (ENDPOINTS) says.
 */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.close();
});

const NODE = { path: '1.2.3' };
function membership(role: string, path: string, nodeKind: ScopeMembership['nodeKind'] = 'micro_grid'): ScopeMembership {
  return { id: 'm', role: role as ScopeMembership['role'], nodeId: 'n', nodeKind, path, householdId: null, personId: null };
}

describe('fail closed', () => {
  it('names in ENDPOINTS only permissions of the table', () => {
    const unknown = ENDPOINTS.filter((e) => !Object.hasOwn(PERMISSIONS, e.permission)).map((e) => endpointKey(e));
    expect(unknown).toEqual([]);
  });

  it('gives every handler the permission ENDPOINTS names for its route', () => {
    const reflector = t.app.get(Reflector);
    const byRoute = new Map<string, string>();
    for (const mod of t.app.get(ModulesContainer).values()) {
      for (const wrapper of mod.controllers.values()) {
        const type = wrapper.metatype as (new (...args: never[]) => object) | null;
        if (!type) continue;
        const base = String(Reflect.getMetadata(PATH_METADATA, type) ?? '');
        for (const name of Object.getOwnPropertyNames(type.prototype)) {
          const handler = type.prototype[name as keyof object] as unknown;
          if (name === 'constructor' || typeof handler !== 'function') continue;
          const sub = Reflect.getMetadata(PATH_METADATA, handler);
          if (sub === undefined) continue;
          const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
          const path = `/${[base, String(sub)].map((s) => s.replace(/^\/|\/$/g, '')).filter(Boolean).join('/')}`;
          const permission = reflector.getAllAndOverride<string | undefined>(PERMISSION_KEY, [handler as () => void, type]);
          byRoute.set(`${method} ${path}`, permission ?? '(none)');
        }
      }
    }
    const mismatched = ENDPOINTS.filter((e) => byRoute.get(`${e.method} ${e.path}`) !== e.permission).map((e) => `${endpointKey(e)}: handler ${byRoute.get(`${e.method} ${e.path}`)}, contract ${e.permission}`);
    expect(mismatched).toEqual([]);
    expect([...byRoute.values()].filter((p) => !Object.hasOwn(PERMISSIONS, p))).toEqual([]);
  });

  it('refuses a route whose permission is unknown, missing, or an inherited property name', async () => {
    for (const permission of ['no.such.permission', undefined, 'constructor', '__proto__', 'toString']) {
      const reflector = { getAllAndOverride: () => permission } as unknown as Reflector;
      const guard = new AuthGuard(reflector, {} as never, {} as never);
      const context = { getHandler: () => undefined, getClass: () => undefined, switchToHttp: () => ({ getRequest: () => ({ headers: {} }) }) };
      await expect(guard.canActivate(context as never)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
  });

  it('grants nothing for a permission name the table does not know', async () => {
    const policy = t.app.get(ScopePolicy);
    const auth = { userId: 'u', memberships: [membership('admin', '1')] };
    for (const permission of ['grid.delete', 'constructor', '__proto__']) {
      await expect(policy.can(auth, permission as never, NODE)).rejects.toBeInstanceOf(AppError);
      await expect(policy.visibility(auth, permission as never)).rejects.toBeInstanceOf(AppError);
      await expect(policy.staffRoleOver(auth, permission as never, NODE)).rejects.toBeInstanceOf(AppError);
    }
  });

  it('grants nothing to a membership with a role the system does not know', async () => {
    const policy = t.app.get(ScopePolicy);
    for (const role of ['superuser', 'root', 'Admin', '', 'constructor']) {
      // held at an ancestor (staff rules) and at a node below (member path rules)
      const auth = { userId: 'u', memberships: [membership(role, '1'), membership(role, '1.2.3.4')] };
      for (const permission of Object.keys(PERMISSIONS) as (keyof typeof PERMISSIONS)[]) {
        const rule = PERMISSIONS[permission];
        if (rule.kind !== 'node') continue;
        expect(await policy.can(auth, permission, NODE)).toBe(false);
        expect(await policy.staffRoleOver(auth, permission, NODE)).toBeUndefined();
        expect(await policy.visibility(auth, permission)).toEqual({ staffPaths: [], memberPaths: [] });
      }
    }
    // the same memberships with a known role do grant: the test above is not vacuous
    const admin = { userId: 'u', memberships: [membership('admin', '1')] };
    expect(await policy.can(admin, 'grid.read', NODE)).toBe(true);
  });

  it('gives staff rights only through the roles the permission names', async () => {
    const policy = t.app.get(ScopePolicy);
    const auth = { userId: 'u', memberships: [membership('volunteer', '1'), membership('resident', '1'), membership('family', '1')] };
    for (const permission of Object.keys(PERMISSIONS) as (keyof typeof PERMISSIONS)[]) {
      if (PERMISSIONS[permission].kind !== 'node') continue;
      expect(await policy.staffRoleOver(auth, permission, NODE)).toBeUndefined();
    }
  });
});
