/**
 * What must never be in a server log: the bearer tokens a test used (and anything shaped like a
 * JWT), WeChat session keys, the app secret, full ID numbers (GB 11643, 18 characters) and full
 * mainland mobile numbers. Answers a description of each finding, with the value cut short.
 */
export function findSecrets(log: string, tokens: Iterable<string> = []): string[] {
  const found: string[] = [];
  for (const token of tokens) if (token && log.includes(token)) found.push(`a bearer token (${token.slice(0, 8)}…)`);
  const patterns: [string, RegExp][] = [
    ['a JWT', /eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/],
    ['session_key', /session_?key/i],
    ['the WeChat app secret', /test-secret|WECHAT_SECRET=/],
    ['a full ID number', /(?<![0-9A-Za-z])[1-9]\d{5}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![0-9A-Za-z])/],
    ['a full mobile number', /(?<!\d)1[3-9]\d{9}(?!\d)/],
  ];
  for (const [what, re] of patterns) {
    const m = re.exec(log);
    if (m) found.push(`${what}: …${log.slice(Math.max(0, m.index - 60), m.index).replace(/\s+/g, ' ')}[${m[0].slice(0, 3)}…]…`);
  }
  return found;
}
