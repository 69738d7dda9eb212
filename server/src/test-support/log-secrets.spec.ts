import { describe, expect, it } from '@jest/globals';
import { findSecrets } from './log-secrets.js';

describe('the log scanner', () => {
  it('finds each kind of secret and personal data it looks for', () => {
    expect(findSecrets('{"msg":"ok","url":"/api/v1/me"}', ['tok-123'])).toEqual([]);
    expect(findSecrets('authorization: Bearer tok-123', ['tok-123'])).toHaveLength(1);
    expect(findSecrets('x eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abcdefghijk y')).toHaveLength(1);
    expect(findSecrets('{"session_key":"abc"}')).toHaveLength(1);
    expect(findSecrets('phone 13912345678 called')).toHaveLength(1);
    expect(findSecrets('id 11010119900307447X')).toHaveLength(1);
    // masked values and other long numbers are not findings
    expect(findSecrets('phone 139****5678, id 110101********447X, order 2026113012345678901')).toEqual([]);
  });
});
