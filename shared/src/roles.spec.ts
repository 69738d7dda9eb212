import { describe, expect, it } from '@jest/globals';
import { canBeChildOf, formatGridPath, grantsSubtreeStaff, NODE_KINDS, PERMISSIONS, ROLE_RANK, ROLES } from './index.js';

describe('grid tree kinds', () => {
  it('lets a child sit only below its parent\'s level', () => {
    expect(canBeChildOf('street', 'district')).toBe(true);
    expect(canBeChildOf('micro_grid', 'community')).toBe(true);
    expect(canBeChildOf('micro_grid', 'village')).toBe(true);
    expect(canBeChildOf('rental_group', 'micro_grid')).toBe(true);
    expect(canBeChildOf('community', 'micro_grid')).toBe(false);
    expect(canBeChildOf('village', 'community')).toBe(false);
    expect(canBeChildOf('district', 'district')).toBe(false);
  });

  it('knows every kind', () => {
    expect(NODE_KINDS).toHaveLength(7);
  });
});

describe('roles', () => {
  it('makes admins and heads staff anywhere, landlords only of rental groups', () => {
    expect(grantsSubtreeStaff('admin', 'street')).toBe(true);
    expect(grantsSubtreeStaff('grid_head', 'micro_grid')).toBe(true);
    expect(grantsSubtreeStaff('landlord', 'rental_group')).toBe(true);
    expect(grantsSubtreeStaff('landlord', 'micro_grid')).toBe(false);
    for (const role of ['volunteer', 'resident', 'tenant', 'family'] as const) {
      expect(grantsSubtreeStaff(role, 'micro_grid')).toBe(false);
      expect(grantsSubtreeStaff(role, 'rental_group')).toBe(false);
    }
  });

  it('ranks every role, admin highest', () => {
    for (const r of ROLES) expect(ROLE_RANK[r]).toBeGreaterThan(0);
    expect(Math.max(...ROLES.map((r) => ROLE_RANK[r]))).toBe(ROLE_RANK.admin);
  });

  it('names a rule for every permission, staff roles only in subtree grants', () => {
    for (const rule of Object.values(PERMISSIONS)) {
      if (rule.kind === 'node') for (const r of rule.subtree) expect(['admin', 'grid_head', 'landlord']).toContain(r);
    }
  });
});

describe('formatGridPath', () => {
  it('drops the district and joins with ›', () => {
    expect(
      formatGridPath([
        { name: '金华经济技术开发区', kind: 'district' },
        { name: '江南街道', kind: 'street' },
        { name: '兴学社区', kind: 'community' },
        { name: '第三平安小区西29栋', kind: 'micro_grid' },
      ]),
    ).toBe('江南街道 › 兴学社区 › 第三平安小区西29栋');
  });

  it('keeps a lone district', () => {
    expect(formatGridPath([{ name: '金华经济技术开发区', kind: 'district' }])).toBe('金华经济技术开发区');
  });
});
