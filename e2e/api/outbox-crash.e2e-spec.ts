import { afterAll, describe, expect, it } from '@jest/globals';
import { Api, startServer, type RunningServer } from '../support/server.js';

/** The outbox survives a crash: written with the event, delivered after the restart, exactly once. */
let second: RunningServer | undefined;
afterAll(async () => {
  await second?.stop();
});

describe('notifications are never lost', () => {
  it('delivers a notification written just before the server was killed, once, after a restart', async () => {
    // the first server writes events but its queue worker is off, as if it died before delivering
    const first = await startServer({ QUEUE_POLL_MS: '0' });
    const api = new Api(first.baseUrl);
    const son = await api.as('demo-family');
    const me = await son.call('GET', '/api/v1/me');
    const motherId = me.body.linkedPersons[0].id;
    const created = await son.call('POST', `/api/v1/persons/${motherId}/check-requests`, { message: '妈妈没接电话' });
    expect(created.status).toBe(201);
    const head = await api.as('demo-head');
    expect((await head.call('GET', '/api/v1/notifications')).body.unreadCount).toBe(0);
    await first.stop('SIGKILL', { keepDatabase: true });

    second = await startServer({ QUEUE_POLL_MS: '100' }, { database: first.database });
    const headAgain = await new Api(second.baseUrl).as('demo-head');
    let items: { link: string }[] = [];
    for (let i = 0; i < 100; i++) {
      items = (await headAgain.call('GET', '/api/v1/notifications?limit=100')).body.items;
      if (items.some((n) => n.link === `check-request:${created.body.id}`)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await new Promise((r) => setTimeout(r, 500)); // more polling passes: still one
    items = (await headAgain.call('GET', '/api/v1/notifications?limit=100')).body.items;
    expect(items.filter((n) => n.link === `check-request:${created.body.id}`)).toHaveLength(1);
  }, 60_000);
});
