import { describe, expect, it } from '@jest/globals';
import {
  addPicked,
  countSlots,
  emptyDraft,
  fieldErrorsOf,
  isDraftEmpty,
  parseDraft,
  removeSlot,
  setFailed,
  setProgress,
  setRetrying,
  setUploaded,
  slotsFromPhotos,
  toCreateRequest,
  uploadedPhotos,
  type ReportDraft,
} from './report-draft';

const photo = (id: string) => ({ id, url: `/u/${id}`, thumbUrl: `/u/${id}?t` });

describe('the report draft kept in storage', () => {
  it('comes back as it was saved, for the same user only', () => {
    const draft: ReportDraft = {
      ...emptyDraft('u1'),
      gridId: 'g1',
      category: 'rubbish',
      description: '池塘里有人倒了垃圾',
      locationText: '西十村池塘东边',
      latitude: 29.1,
      longitude: 119.6,
      anonymous: true,
      photos: [photo('p1'), photo('p2')],
    };
    const stored = JSON.parse(JSON.stringify(draft)) as unknown;
    expect(parseDraft(stored, 'u1')).toEqual(draft);
    expect(parseDraft(stored, 'u2')).toBeNull();
  });

  it('survives garbage: wrong types, unknown categories, half a map point, duplicate and extra photos', () => {
    expect(parseDraft('nonsense', 'u1')).toBeNull();
    expect(parseDraft(null, 'u1')).toBeNull();
    const parsed = parseDraft(
      {
        userId: 'u1',
        category: 'fireworks',
        description: 42,
        latitude: 30,
        anonymous: 'yes',
        photos: [photo('a'), photo('a'), { id: 7 }, null, ...Array.from({ length: 12 }, (_, i) => photo(`x${i}`))],
      },
      'u1',
    )!;
    expect(parsed.category).toBeUndefined();
    expect(parsed.description).toBe('');
    expect(parsed.latitude).toBeUndefined();
    expect(parsed.longitude).toBeUndefined();
    expect(parsed.anonymous).toBe(false);
    expect(parsed.photos).toHaveLength(9);
    expect(parsed.photos[0]!.id).toBe('a');
    expect(parsed.photos[1]!.id).toBe('x0');
    expect(isDraftEmpty(emptyDraft('u1'))).toBe(true);
    expect(isDraftEmpty(parsed)).toBe(false);
  });

  it('becomes the request body: the only grid goes by itself, empty location is left out', () => {
    const d: ReportDraft = { ...emptyDraft('u1'), category: 'facility', description: '  三楼楼道灯坏了  ', photos: [photo('p1')] };
    expect(toCreateRequest(d, ['g1'])).toEqual({ gridId: 'g1', category: 'facility', description: '三楼楼道灯坏了', photoIds: ['p1'], anonymous: false, clientId: d.clientId });
    // the same draft sent twice carries the same client id: the server answers the same report
    expect(toCreateRequest(d, ['g1']).clientId).toMatch(/^[0-9a-f-]{36}$/);
    expect(parseDraft(JSON.parse(JSON.stringify(d)), 'u1')!.clientId).toBe(d.clientId);
    expect(parseDraft({ ...d, clientId: 'not-a-uuid' }, 'u1')!.clientId).not.toBe('not-a-uuid');
    // Several grids and none chosen: no gridId (the server asks for one).
    expect(toCreateRequest(d, ['g1', 'g2']).gridId).toBeUndefined();
    // A grid the person no longer belongs to is not sent.
    expect(toCreateRequest({ ...d, gridId: 'gone' }, ['g1', 'g2']).gridId).toBeUndefined();
    expect(toCreateRequest({ ...d, gridId: 'g2', locationText: ' 3单元 ', latitude: 29, longitude: 119 }, ['g1', 'g2'])).toMatchObject({
      gridId: 'g2',
      location: { text: '3单元', latitude: 29, longitude: 119 },
    });
    expect(toCreateRequest({ ...d, latitude: 29, longitude: 119 }, ['g1']).location).toEqual({ latitude: 29, longitude: 119 });
  });
});

describe('the photo slots of the uploader', () => {
  let n = 0;
  const key = () => `k${++n}`;

  it('adds at most nine, tracks progress, failure, retry and removal, and hands back only uploaded photos', () => {
    const restored = slotsFromPhotos([photo('p1')]);
    const { slots, added, dropped } = addPicked(restored, Array.from({ length: 10 }, (_, i) => `tmp${i}`), key);
    expect(slots).toHaveLength(9);
    expect(added).toHaveLength(8);
    expect(dropped).toBe(2);
    const [a, b] = added;
    let s = setProgress(slots, a!.key, 40);
    s = setProgress(s, a!.key, 20); // progress never goes back
    expect(s.find((x) => x.key === a!.key)!.progress).toBe(40);
    s = setUploaded(s, a!.key, { ...photo('p2'), width: 10, height: 10 });
    s = setFailed(s, b!.key, '网络不太好');
    expect(countSlots(s)).toEqual({ uploading: 6, failed: 1, done: 2 });
    expect(s.find((x) => x.key === b!.key)!.error).toBe('网络不太好');
    s = setRetrying(s, b!.key);
    expect(s.find((x) => x.key === b!.key)!.state).toBe('uploading');
    s = setUploaded(s, b!.key, photo('p3'));
    expect(uploadedPhotos(s).map((p) => p.id)).toEqual(['p1', 'p2', 'p3']);
    s = removeSlot(s, a!.key);
    expect(uploadedPhotos(s).map((p) => p.id)).toEqual(['p1', 'p3']);
    expect(addPicked(s, ['more'], key).dropped).toBe(0);
  });
});

describe('server errors next to their fields', () => {
  it('places VALIDATION_FAILED details, CONTENT_REJECTED and the grid code', () => {
    expect(
      fieldErrorsOf({
        code: 'VALIDATION_FAILED',
        message: '请至少写 5 个字，说清楚是什么问题',
        details: [
          { path: 'description', message: '请至少写 5 个字，说清楚是什么问题' },
          { path: 'location.text', message: '位置描述最多 100 字' },
          { path: 'photoIds', message: 'Too big: expected array to have <=9 items' },
        ],
      }),
    ).toEqual({ description: '请至少写 5 个字，说清楚是什么问题', location: '位置描述最多 100 字' });
    // Nothing readable in the details: the message goes at the top of the form.
    expect(fieldErrorsOf({ code: 'VALIDATION_FAILED', message: '请求参数不正确', details: [{ path: 'x', message: 'Invalid' }] })).toEqual({ form: '请求参数不正确' });
    expect(fieldErrorsOf({ code: 'CONTENT_REJECTED', message: '内容含有不适宜发布的信息', details: { field: 'description' } })).toEqual({
      description: '内容含有不适宜发布的信息',
    });
    expect(fieldErrorsOf({ code: 'CONTENT_REJECTED', message: '不适宜', details: { field: 'location.text' } })).toEqual({ location: '不适宜' });
    expect(fieldErrorsOf({ code: 'REPORT_GRID_REQUIRED', message: '请选择问题所在的网格' })).toEqual({ gridId: '请选择问题所在的网格' });
    expect(fieldErrorsOf({ code: 'INTERNAL', message: '服务出了点问题' })).toEqual({ form: '服务出了点问题' });
  });
});
