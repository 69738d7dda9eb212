import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { qrPng } from '../modules/invites/render/qr.js';

/**
 * A small stand-in for api.weixin.qq.com: answers jscode2session by the code it is given, the way
 * the real one does (errcode in a 200 body), so the real HTTP adapter is tested end to end.
 *   code `ok-<openid>`     → { openid, session_key }
 *   code `invalid`         → errcode 40029
 *   code `used`            → errcode 40163
 *   code `ratelimit`       → errcode 45011
 *   code `busy`            → errcode -1
 *   code `http500`         → HTTP 500
 *   code `garbage`         → a body that is not JSON
 *   code `slow`            → answers after 3 s
 */
export interface FakeWechat {
  base: string;
  requests: URL[];
  sessionKeys: string[];
  /** Access tokens handed out by stable_token, in order. */
  tokensIssued: string[];
  /** Mini-program code requests that succeeded: scene and page. */
  codes: { scene: string; page: string }[];
  /** Subscription messages WeChat accepted. */
  messages: Record<string, unknown>[];
  /** Makes the current access token invalid (as WeChat does when it is refreshed elsewhere). */
  invalidateTokens(): void;
  /**
   * Once `after` messages were accepted, holds every further subscription message unanswered (and
   * unaccepted), as if WeChat hung: the promise resolves when the first one is held. A server killed
   * then dies in the middle of a send.
   */
  holdSubscribeSends(after: number): Promise<void>;
  /** Accepts subscription messages again (held ones stay unanswered). */
  releaseSubscribeSends(): void;
  close(): Promise<void>;
}

export async function startFakeWechat(appId = 'wx-test-appid', secret = 'test-secret'): Promise<FakeWechat> {
  const requests: URL[] = [];
  const sessionKeys: string[] = [];
  const tokensIssued: string[] = [];
  const codes: { scene: string; page: string }[] = [];
  const messages: Record<string, unknown>[] = [];
  let validToken: string | undefined;
  let holdAfter: number | undefined;
  let onHeld: (() => void) | undefined;
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    requests.push(url);
    const json = (body: unknown, status = 200) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    if (url.pathname === '/cgi-bin/stable_token') {
      if (body.appid !== appId || body.secret !== secret || body.grant_type !== 'client_credential') return json({ errcode: 40125, errmsg: 'invalid appsecret' });
      if (!validToken || body.force_refresh === true) validToken = `ACCESS-${tokensIssued.length + 1}-${Math.random().toString(36).slice(2)}`;
      tokensIssued.push(validToken);
      return json({ access_token: validToken, expires_in: 7200 });
    }
    if (url.pathname === '/wxa/getwxacodeunlimit') {
      if (!validToken || url.searchParams.get('access_token') !== validToken) return json({ errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' });
      const scene = String(body.scene ?? '');
      if (scene.length === 0 || scene.length > 32) return json({ errcode: 40169, errmsg: 'invalid length for scene' });
      codes.push({ scene, page: String(body.page) });
      const png = await qrPng(`wxacode:${body.page}?scene=${scene}`);
      res.writeHead(200, { 'content-type': 'image/png' });
      return res.end(png);
    }
    if (url.pathname === '/cgi-bin/message/subscribe/send') {
      if (!validToken || url.searchParams.get('access_token') !== validToken) return json({ errcode: 40001, errmsg: 'invalid credential' });
      if (String(body.touser).startsWith('unsubscribed')) return json({ errcode: 43101, errmsg: 'user refuse to accept the msg' });
      if (holdAfter !== undefined && messages.length >= holdAfter) {
        onHeld?.();
        return; // never answered: the caller waits until it times out or dies
      }
      messages.push(body);
      return json({ errcode: 0, errmsg: 'ok' });
    }
    if (url.pathname === '/wxa/msg_sec_check') {
      if (!validToken || url.searchParams.get('access_token') !== validToken) return json({ errcode: 40001, errmsg: 'invalid credential' });
      // Text containing 违禁 is risky, 待审 needs review; anything else passes.
      const content = String(body.content ?? '');
      const suggest = content.includes('违禁') ? 'risky' : content.includes('待审') ? 'review' : 'pass';
      return json({ errcode: 0, errmsg: 'ok', result: { suggest, label: suggest === 'pass' ? 100 : 20001 }, trace_id: `trace-${requests.length}` });
    }
    if (url.pathname === '/wxa/media_check_async') {
      if (!validToken || url.searchParams.get('access_token') !== validToken) return json({ errcode: 40001, errmsg: 'invalid credential' });
      if (typeof body.media_url !== 'string' || body.media_type !== 2) return json({ errcode: 40097, errmsg: 'invalid args' });
      return json({ errcode: 0, errmsg: 'ok', trace_id: `media-trace-${requests.length}` });
    }
    if (url.pathname !== '/sns/jscode2session') return json({ errcode: 404, errmsg: 'not found' }, 404);
    if (url.searchParams.get('appid') !== appId || url.searchParams.get('secret') !== secret) return json({ errcode: 40125, errmsg: 'invalid appsecret' });
    const code = url.searchParams.get('js_code') ?? '';
    if (code.startsWith('ok-')) {
      const sessionKey = `SESSIONKEY${Math.random().toString(36).slice(2)}==`;
      sessionKeys.push(sessionKey);
      return json({ openid: code.slice(3), session_key: sessionKey, unionid: `union-${code.slice(3)}` });
    }
    switch (code) {
      case 'invalid':
        return json({ errcode: 40029, errmsg: 'invalid code' });
      case 'used':
        return json({ errcode: 40163, errmsg: 'code been used' });
      case 'ratelimit':
        return json({ errcode: 45011, errmsg: 'api minute-quota reach limit' });
      case 'busy':
        return json({ errcode: -1, errmsg: 'system error' });
      case 'http500':
        res.writeHead(500);
        return res.end('oops');
      case 'garbage':
        res.writeHead(200, { 'content-type': 'text/html' });
        return res.end('<html>');
      case 'slow':
        setTimeout(() => json({ openid: 'late', session_key: 'x' }), 3000);
        return;
      default:
        return json({ errcode: 40029, errmsg: 'invalid code' });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    requests,
    sessionKeys,
    tokensIssued,
    codes,
    messages,
    invalidateTokens: () => {
      validToken = `ROTATED-${Math.random()}`;
    },
    holdSubscribeSends: (after) =>
      new Promise<void>((resolve) => {
        holdAfter = after;
        onHeld = resolve;
      }),
    releaseSubscribeSends: () => {
      holdAfter = undefined;
      onHeld = undefined;
    },
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
