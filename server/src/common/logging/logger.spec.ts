import { Writable } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import { findSecrets } from '../../test-support/log-secrets.js';
import { createLogger, scrubLogLine } from './logger.js';

describe('log scrubbing', () => {
  it('masks full phone and ID numbers and drops JWTs wherever they appear in a line', () => {
    expect(scrubLogLine('GET /api/v1/grids/x/households?q=13912345678')).toBe('GET /api/v1/grids/x/households?q=139****5678');
    expect(scrubLogLine('id=11010119900307447X&x')).toBe('id=110101********X&x');
    expect(scrubLogLine('t=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abcdefghijk')).toBe('t=[redacted-jwt]');
    // ids, timestamps and long order numbers stay readable
    expect(scrubLogLine('2026-11-30T12:00:00Z 373e256a-8cea-4ccb-a73e-dd7b8d8082da 2026113012345678901')).toBe('2026-11-30T12:00:00Z 373e256a-8cea-4ccb-a73e-dd7b8d8082da 2026113012345678901');
  });

  it('writes no phone number of a query string (regression: found by the fuzzer)', () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (c: Buffer, _e, cb) => (lines.push(c.toString()), cb()) });
    const log = createLogger({ logLevel: 'info', logPretty: false }, sink);
    log.info({ req: { url: '/api/v1/grids/x/households?q=13912345678&cursor=110101199003074477' } }, 'incoming request');
    expect(lines).toHaveLength(1);
    expect(findSecrets(lines.join(''))).toEqual([]);
  });
});
