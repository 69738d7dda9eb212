import { describe, expect, it } from '@jest/globals';
import { CreateChildRequest, ERROR_CODES, ERROR_MESSAGES, LoginRequest, MembersQuery, PageQuery } from './index.js';

describe('request schemas', () => {
  it('trims and bounds a login code', () => {
    expect(LoginRequest.parse({ code: '  mock:demo-head ' }).code).toBe('mock:demo-head');
    expect(LoginRequest.safeParse({ code: '' }).success).toBe(false);
    expect(LoginRequest.safeParse({ code: 'x'.repeat(129) }).success).toBe(false);
    expect(LoginRequest.safeParse({}).success).toBe(false);
  });

  it('refuses rental groups and unknown kinds as created children, with a Chinese message', () => {
    const r = CreateChildRequest.safeParse({ name: '新网格', kind: 'rental_group' });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toMatch(/[\u4e00-\u9fff]/);
    expect(CreateChildRequest.safeParse({ name: ' ', kind: 'micro_grid' }).success).toBe(false);
    expect(CreateChildRequest.parse({ name: ' 西30栋 ', kind: 'micro_grid' }).name).toBe('西30栋');
  });

  it('defaults and bounds page sizes, coercing query strings', () => {
    expect(PageQuery.parse({}).limit).toBe(20);
    expect(PageQuery.parse({ limit: '50' }).limit).toBe(50);
    expect(PageQuery.safeParse({ limit: '0' }).success).toBe(false);
    expect(PageQuery.safeParse({ limit: '101' }).success).toBe(false);
    expect(MembersQuery.safeParse({ status: 'weird' }).success).toBe(false);
  });
});

describe('error table', () => {
  it('has a Chinese message for every code', () => {
    expect(ERROR_CODES.length).toBeGreaterThan(10);
    for (const code of ERROR_CODES) expect(ERROR_MESSAGES[code]).toMatch(/[\u4e00-\u9fff]/);
  });
});
