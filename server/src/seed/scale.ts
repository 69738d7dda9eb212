import { randomUUID } from 'node:crypto';
import { idNumberCheckChar, maskIdNumber, maskPhone } from '@linli/shared';
import type { DataSource } from 'typeorm';
import type { FieldCrypto } from '../common/crypto/field-crypto.js';

/**
 * One district at the size of the article's: streets → communities (and urban villages with
 * rental houses) → ~11,500 micro-grids, ~280,000 households, ~700,000 persons (phone and ID
 * numbers encrypted as real data), ~35,000 under care with three months of visits, notices with
 * receipts, reports in every state. Set-based SQL where the database can make the rows itself;
 * batches of 5,000 through `unnest` where the rows need JavaScript (encryption). Derived columns
 * (paths, districts) are written by the loader itself with triggers off, in one session.
 */
export interface ScaleOptions {
  /** 1 = the article's size; tests use a small fraction. */
  factor: number;
  now: Date;
  onProgress?: (stage: string, done: number, total: number) => void;
}

export interface ScaleResult {
  nodes: number;
  microGrids: number;
  households: number;
  persons: number;
  memberships: number;
  underCare: number;
  visits: number;
  notices: number;
  receipts: number;
  reports: number;
  tenancies: number;
}

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彬鹏辉建国建华建军志强志明海燕海涛春梅秀珍凤英桂兰淑珍';
/** 金华 and its neighbours: the regions most ID numbers come from. */
const REGIONS = ['330702', '330703', '330723', '330726', '330727', '330781', '330782', '330783', '330784', '330104', '330106', '340102', '360102', '410102', '510104', '520102'];

/** A deterministic generator, so the same factor makes the same district. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function seedScale(db: DataSource, crypto: FieldCrypto, o: ScaleOptions): Promise<ScaleResult> {
  const rand = rng(20201111);
  const pick = <T>(xs: readonly T[] | string): T => xs[Math.floor(rand() * xs.length)] as T;
  const progress = o.onProgress ?? (() => undefined);
  const f = o.factor;
  const streets = Math.max(2, Math.round(10 * Math.sqrt(f)));
  const communitiesPerStreet = Math.max(2, Math.round(15 * Math.sqrt(f)));
  const microPerCommunity = Math.max(2, Math.round(11_500 / (10 * 15)));
  const householdsPerMicro = 24;

  return db.transaction(async (tx) => {
    // The loader writes every derived column itself: triggers and FK checks are off in this session.
    await tx.query(`set local session_replication_role = replica`);
    const exists: { n: number }[] = await tx.query(`select count(*)::int as n from grid_node`);
    if (exists[0]!.n > 0) throw new Error('the database is not empty: seed:scale needs a fresh database (run it with --reset)');

    // ---- the tree ----
    progress('网格树', 0, 1);
    const districtId = randomUUID();
    await tx.query(
      `with s as (select nextval('grid_node_seq') as seq)
       insert into grid_node (id, seq, district_id, parent_id, kind, name, path, depth)
       select $1, s.seq, $1, null, 'district', '金华经济技术开发区（规模测试）', text2ltree(s.seq::text), 0 from s`,
      [districtId],
    );
    // streets, then communities (every fourth an urban village), then micro-grids, then rental houses;
    // nextval in a CTE runs once per row, so each node gets its own seq and path
    const level = (sql: string, params: unknown[]) => tx.query(sql, params);
    await level(
      `with src as (select d.id as parent_id, d.path as ppath, g, nextval('grid_node_seq') as seq from grid_node d, generate_series(1, $2) g where d.id = $1)
       insert into grid_node (id, seq, district_id, parent_id, kind, name, path, depth)
       select gen_random_uuid(), seq, $1, parent_id, 'street', '第' || g || '街道', ppath || text2ltree(seq::text), 1 from src`,
      [districtId, streets],
    );
    await level(
      `with src as (select st.id as parent_id, st.path as ppath, st.name as pname, g, nextval('grid_node_seq') as seq
                      from grid_node st, generate_series(1, $2) g where st.parent_id = $1)
       insert into grid_node (id, seq, district_id, parent_id, kind, name, path, depth)
       select gen_random_uuid(), seq, $1, parent_id, case when g % 4 = 0 then 'village' else 'community' end,
              pname || case when g % 4 = 0 then '第' || g || '村' else '第' || g || '社区' end, ppath || text2ltree(seq::text), 2 from src`,
      [districtId, communitiesPerStreet],
    );
    await level(
      `with src as (select c.id as parent_id, c.path as ppath, c.name as pname, g, nextval('grid_node_seq') as seq
                      from grid_node c, generate_series(1, $2) g where c.district_id = $1 and c.depth = 2)
       insert into grid_node (id, seq, district_id, parent_id, kind, name, path, depth)
       select gen_random_uuid(), seq, $1, parent_id, 'micro_grid', pname || '第' || g || '微网格', ppath || text2ltree(seq::text), 3 from src`,
      [districtId, microPerCommunity],
    );
    // urban villages: one micro-grid in three has a landlord with three rental houses
    await level(
      `with src as (select m.id as parent_id, m.path as ppath, m.name as pname, g, nextval('grid_node_seq') as seq
                      from grid_node m join grid_node c on c.id = m.parent_id and c.kind = 'village', generate_series(1, 3) g
                     where m.district_id = $1 and m.kind = 'micro_grid' and m.seq % 3 = 0)
       insert into grid_node (id, seq, district_id, parent_id, kind, name, path, depth)
       select gen_random_uuid(), seq, $1, parent_id, 'rental_group', pname || g || '号出租房', ppath || text2ltree(seq::text), 4 from src`,
      [districtId],
    );
    const nodes: { n: number; micro: number }[] = await tx.query(
      `select count(*)::int as n, count(*) filter (where kind = 'micro_grid')::int as micro from grid_node where district_id = $1`,
      [districtId],
    );
    progress('网格树', 1, 1);

    // ---- households: 24 per micro-grid (two units of twelve), rooms per rental house ----
    progress('住户', 0, 1);
    await tx.query(
      `insert into household (id, district_id, node_id, node_path, building, unit, room, building_key, unit_key, room_key, occupancy, created_at, updated_at)
       select gen_random_uuid(), $1, m.id, m.path, '1', ((h - 1) / 12 + 1)::text, (((h - 1) % 12) / 2 + 1)::text || '0' || ((h - 1) % 2 + 1)::text,
              '1', ((h - 1) / 12 + 1)::text, (((h - 1) % 12) / 2 + 1)::text || '0' || ((h - 1) % 2 + 1)::text,
              case when h % 5 = 0 then 'rented' else 'owner_occupied' end, $3, $3
         from grid_node m, generate_series(1, $2) h
        where m.district_id = $1 and m.kind = 'micro_grid'`,
      [districtId, householdsPerMicro, o.now],
    );
    await tx.query(
      `insert into household (id, district_id, node_id, node_path, building, unit, room, building_key, unit_key, room_key, occupancy, created_at, updated_at)
       select gen_random_uuid(), $1, r.id, r.path, '', '', (100 + h)::text, '', '', (100 + h)::text, 'rented', $2, $2
         from grid_node r, generate_series(1, 6) h
        where r.district_id = $1 and r.kind = 'rental_group'`,
      [districtId, o.now],
    );
    const householdCount: { n: number }[] = await tx.query(`select count(*)::int as n from household where district_id = $1`, [districtId]);
    progress('住户', 1, 1);

    // ---- persons: 2–3 per household, phone and ID number encrypted like real data ----
    const households: { id: string; node_id: string; node_path: string; occupancy: string }[] = await tx.query(
      `select id, node_id, node_path::text as node_path, occupancy from household where district_id = $1 order by node_path, id`,
      [districtId],
    );
    const totalPersons = Math.round(households.length * 2.5);
    let persons = 0;
    const BATCH = 5000;
    let batch: unknown[][] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      const cols = batch[0]!.map((_, i) => batch.map((r) => r[i]));
      await tx.query(
        `insert into person (id, district_id, household_id, node_id, node_path, name, gender, birth_date, relation, phone_enc, phone_bidx, phone_masked,
                             id_number_enc, id_number_bidx, id_number_masked, tags, created_at, updated_at)
         select u.id, $1, u.hh, u.node, u.path::ltree, u.name, u.gender, u.birth::date, u.relation, u.pe, u.pb, u.pm, u.ie, u.ib, u.im,
                case when u.tag = '' then '{}'::text[] else array[u.tag] end, $2, $2
           from unnest($3::uuid[], $4::uuid[], $5::uuid[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[],
                       $14::text[], $15::text[], $16::text[], $17::text[])
             as u(id, hh, node, path, name, gender, birth, relation, pe, pb, pm, ie, ib, im, tag)`,
        [districtId, o.now, ...cols],
      );
      persons += batch.length;
      batch = [];
      progress('人员（加密手机号与身份证号）', persons, totalPersons);
    };
    let seq = 0;
    for (const h of households) {
      const size = rand() < 0.5 ? 2 : 3;
      const elderlyAlone = rand() < 0.125; // ~12% of homes are one elderly person living alone or an empty nest
      const members = elderlyAlone ? 1 : size;
      for (let k = 0; k < members; k++) {
        seq++;
        const age = elderlyAlone ? 70 + Math.floor(rand() * 25) : k === 0 ? 30 + Math.floor(rand() * 40) : k === 1 ? 28 + Math.floor(rand() * 40) : 1 + Math.floor(rand() * 25);
        const year = o.now.getUTCFullYear() - age;
        const month = 1 + Math.floor(rand() * 12);
        const day = 1 + Math.floor(rand() * 28);
        const male = rand() < 0.5;
        const birth = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
        const serial = String(Math.floor(rand() * 50) * 2 + (male ? 1 : 0)).padStart(2, '0').slice(-2);
        const first17 = `${pick(REGIONS)}${birth.replaceAll('-', '')}${String(Math.floor(rand() * 10))}${serial}`;
        const idNumber = `${first17}${idNumberCheckChar(first17)}`;
        const phone = `1${pick(['33', '35', '38', '39', '50', '58', '77', '86', '88'])}${String(seq % 100_000_000).padStart(8, '0')}`;
        const tag = elderlyAlone ? (rand() < 0.6 ? '独居老人' : '空巢') : '';
        batch.push([
          randomUUID(), h.id, h.node_id, h.node_path,
          `${pick(SURNAMES)}${pick(GIVEN)}${rand() < 0.5 ? pick(GIVEN) : ''}`,
          male ? 'male' : 'female', birth, k === 0 ? '户主' : k === 1 ? '配偶' : '子女',
          crypto.encrypt(phone), crypto.blindIndex('phone', phone), maskPhone(phone),
          crypto.encrypt(idNumber), crypto.blindIndex('id_number', idNumber), maskIdNumber(idNumber),
          tag,
        ]);
        if (batch.length >= BATCH) await flush();
      }
    }
    await flush();
    // the planner needs to know the tables just grew a thousandfold (ANALYZE sees this transaction's rows)
    await tx.query(`analyze household`);
    await tx.query(`analyze person`);
    await tx.query(`analyze grid_node`);

    // ---- people on the app: staff of every node, ~40% of households joined ----
    progress('成员', 0, 1);
    await tx.query(
      `insert into app_user (id, openid, display_name, created_at)
       select gen_random_uuid(), 'scale-staff-' || n.seq, case n.kind when 'micro_grid' then '网格长' when 'rental_group' then '房东' else '工作人员' end || n.seq, $2
         from grid_node n where n.district_id = $1 and n.kind <> 'rental_group'`,
      [districtId, o.now],
    );
    await tx.query(
      `insert into membership (id, district_id, user_id, node_id, node_path, role, status, created_at)
       select gen_random_uuid(), $1, u.id, n.id, n.path, case when n.kind = 'micro_grid' then 'grid_head' else 'admin' end, 'active', $2
         from grid_node n join app_user u on u.openid = 'scale-staff-' || n.seq where n.district_id = $1 and n.kind <> 'rental_group'`,
      [districtId, o.now],
    );
    // a landlord per micro-grid with houses: staff of their rental groups
    await tx.query(
      `insert into membership (id, district_id, user_id, node_id, node_path, role, status, created_at)
       select gen_random_uuid(), $1, u.id, r.id, r.path, 'landlord', 'active', $2
         from grid_node r join grid_node m on m.id = r.parent_id join app_user u on u.openid = 'scale-staff-' || m.seq
        where r.district_id = $1 and r.kind = 'rental_group'`,
      [districtId, o.now],
    );
    await tx.query(
      `with joined as (
         select h.id as household_id, h.node_id, h.node_path, (select p.id from person p where p.household_id = h.id order by p.created_at, p.id limit 1) as person_id,
                n.kind, h.id::text as key
           from household h join grid_node n on n.id = h.node_id
          where h.district_id = $1 and ('x' || substr(md5(h.id::text), 1, 8))::bit(32)::int % 10 < 4),
       users as (
         insert into app_user (id, openid, display_name, created_at)
         select gen_random_uuid(), 'scale-member-' || j.key, p.name, $2 from joined j join person p on p.id = j.person_id
         returning id, openid)
       insert into membership (id, district_id, user_id, node_id, node_path, role, status, household_id, person_id, created_at)
       select gen_random_uuid(), $1, u.id, j.node_id, j.node_path, case when j.kind = 'rental_group' then 'tenant' else 'resident' end, 'active', j.household_id, j.person_id, $2
         from joined j join users u on u.openid = 'scale-member-' || j.key`,
      [districtId, o.now],
    );
    await tx.query(`update person p set user_id = m.user_id from membership m where m.person_id = p.id and m.district_id = $1`, [districtId]);
    await tx.query(`analyze membership`);
    await tx.query(`analyze app_user`);
    const users: { n: number }[] = await tx.query(`select count(*)::int as n from membership where district_id = $1`, [districtId]);
    progress('成员', 1, 1);

    // ---- care: everyone tagged 独居老人 (every 24 h) or 空巢 (every 48 h), visited by their head for three months ----
    progress('关爱计划与走访', 0, 2);
    await tx.query(
      `insert into care_plan (person_id, district_id, node_id, node_path, every_hours, carer_user_ids, source, last_contact_at, next_due_at, created_at, updated_at)
       select p.id, $1, p.node_id, p.node_path, case when '独居老人' = any(p.tags) then 24 else 48 end,
              array(select m.user_id from membership m where m.node_id = coalesce(g.parent_id, p.node_id) and m.role = 'grid_head' and g.kind = 'rental_group'
                    union select m.user_id from membership m where m.node_id = p.node_id and m.role = 'grid_head'),
              'policy', null, $2, $3, $3
         from person p join grid_node g on g.id = p.node_id
        where p.district_id = $1 and p.tags && array['独居老人', '空巢']`,
      [districtId, o.now, new Date(o.now.getTime() - 92 * 86_400_000)],
    );
    // three months of visits, at the plan's interval with some jitter; one in ten carers falls behind this week
    await tx.query(
      `insert into visit (id, district_id, person_id, node_id, node_path, carer_user_id, occurred_at, method, outcome, note, body_hash, created_at)
       select gen_random_uuid(), $1, cp.person_id, cp.node_id, cp.node_path, cp.carer_user_ids[1],
              $2::timestamptz - make_interval(hours => k * cp.every_hours + (abs(hashtext(cp.person_id::text || k)) % 6)),
              (array['in_person', 'in_person', 'phone', 'video'])[1 + abs(hashtext(cp.person_id::text || k || 'm')) % 4],
              (array['well', 'well', 'well', 'well', 'well', 'well', 'well', 'not_home', 'unwell', 'needs_help'])[1 + abs(hashtext(cp.person_id::text || k || 'o')) % 10],
              null, 'scale', $2
         from care_plan cp, generate_series(case when abs(hashtext(cp.person_id::text)) % 10 = 0 then 4 else 1 end, 90 * 24 / cp.every_hours) k
        where cp.district_id = $1 and cardinality(cp.carer_user_ids) > 0`,
      [districtId, o.now],
    );
    progress('关爱计划与走访', 1, 2);
    await tx.query(
      `update care_plan cp set last_contact_at = v.last, next_due_at = v.last + make_interval(hours => cp.every_hours)
         from (select person_id, max(occurred_at) as last from visit where district_id = $1 group by person_id) v
        where v.person_id = cp.person_id and cp.district_id = $1`,
      [districtId],
    );
    await tx.query(`analyze care_plan`);
    await tx.query(`analyze visit`);
    const care: { plans: number; visits: number }[] = await tx.query(
      `select (select count(*)::int from care_plan where district_id = $1) as plans, (select count(*)::int from visit where district_id = $1) as visits`,
      [districtId],
    );
    progress('关爱计划与走访', 2, 2);

    // ---- notices in the last 30 days at every level, with receipts (read by most) ----
    progress('通知与回执', 0, 1);
    await tx.query(
      `insert into notice (id, district_id, node_id, node_path, author_id, title, body, category, require_confirm, created_at, delivered_at)
       select gen_random_uuid(), $1, n.id, n.path, m.user_id, '关于' || (array['垃圾分类', '防疫', '消防安全', '文明养犬', '停水'])[1 + n.seq % 5] || '的通知',
              '请各位居民相互转告，按时参加。', (array['garbage', 'epidemic', 'safety', 'civility', 'general'])[1 + n.seq % 5], n.seq % 3 = 0,
              $2::timestamptz - make_interval(days => (n.seq % 29)::int, hours => (n.seq % 11)::int), $2
         from grid_node n join membership m on m.node_id = n.id and m.role in ('admin', 'grid_head')
        where n.district_id = $1 and (n.kind in ('district', 'street') or (n.kind in ('community', 'village') and n.seq % 2 = 0) or (n.kind = 'micro_grid' and n.seq % 40 = 0))`,
      [districtId, o.now],
    );
    await tx.query(
      `insert into notice_receipt (notice_id, user_id, district_id, household_id, node_id, node_path, created_at, read_at, confirmed_at)
       select n.id, m.user_id, $1, m.household_id, m.node_id, m.node_path, n.created_at,
              case when abs(hashtext(n.id::text || m.user_id::text)) % 100 < 70 then n.created_at + interval '3 hours' end,
              case when n.require_confirm and abs(hashtext(n.id::text || m.user_id::text)) % 100 < 50 then n.created_at + interval '4 hours' end
         from notice n join membership m on m.node_path <@ n.node_path and m.role in ('resident', 'tenant') and m.status = 'active'
        where n.district_id = $1`,
      [districtId],
    );
    const notices: { notices: number; receipts: number }[] = await tx.query(
      `select (select count(*)::int from notice where district_id = $1) as notices, (select count(*)::int from notice_receipt where district_id = $1) as receipts`,
      [districtId],
    );
    progress('通知与回执', 1, 1);

    // ---- reports in every state, about two per micro-grid ----
    progress('随手拍', 0, 1);
    await tx.query(
      `insert into report (id, district_id, node_id, node_path, handler_node_id, handler_path, reporter_id, anonymous, category, description, status,
                           escalation_level, accept_due_at, resolve_due_at, resolved_at, closed_at, version, created_at, updated_at)
       select gen_random_uuid(), $1, m.node_id, m.node_path, m.node_id, m.node_path, m.user_id, r % 7 = 0,
              (array['rubbish', 'environment', 'facility', 'hazard', 'uncivil', 'dispute', 'other'])[1 + r % 7],
              (array['楼道堆放杂物', '路灯坏了', '垃圾桶满了没人收', '电动车在楼道充电', '下水道堵了', '邻居装修噪音大', '绿化带被占用'])[1 + r % 7],
              s.status, 0,
              case when s.status = 'submitted' then t.at + interval '24 hours' end,
              case when s.status in ('submitted', 'accepted', 'in_progress') then t.at + interval '7 days' end,
              case when s.status in ('resolved', 'closed') then t.at + interval '2 days' end,
              case when s.status = 'closed' then t.at + interval '3 days' end,
              0, t.at, t.at
         from (select m.*, row_number() over (order by m.id) as r from membership m where m.district_id = $1 and m.role = 'resident' and abs(hashtext(m.id::text)) % 20 = 0) m,
              lateral (select (array['submitted', 'accepted', 'in_progress', 'resolved', 'closed', 'closed', 'rejected'])[1 + (m.r % 7)::int] as status) s,
              lateral (select $2::timestamptz - make_interval(hours => (m.r % 400)::int) as at) t`,
      [districtId, o.now],
    );
    await tx.query(
      `insert into report_event (id, report_id, actor_id, actor_role, action, from_status, to_status, public, node_id, created_at)
       select gen_random_uuid(), r.id, r.reporter_id, 'reporter', 'submit', null, 'submitted', true, r.node_id, r.created_at from report r where r.district_id = $1`,
      [districtId],
    );
    await tx.query(
      `insert into report_event (id, report_id, actor_id, actor_role, action, from_status, to_status, note, public, node_id, created_at)
       select gen_random_uuid(), r.id, m.user_id, 'handler', case when r.status = 'rejected' then 'reject' else 'accept' end, 'submitted',
              case when r.status = 'rejected' then 'rejected' else 'accepted' end, case when r.status = 'rejected' then '经核实不属于本网格' end, true, r.node_id, r.created_at + interval '2 hours'
         from report r join membership m on m.node_id = r.node_id and m.role = 'grid_head'
        where r.district_id = $1 and r.status <> 'submitted'`,
      [districtId],
    );
    const reports: { n: number }[] = await tx.query(`select count(*)::int as n from report where district_id = $1`, [districtId]);
    progress('随手拍', 1, 1);

    // ---- rental houses as properties; their rooms' first persons as tenants (a few pending, a few ended) ----
    progress('租客登记', 0, 1);
    await tx.query(
      `insert into property (id, district_id, node_id, node_path, grid_id, address, rooms, owner_id, created_at)
       select r.id, $1, r.id, r.path, r.parent_id, left(r.name, 40), array(select (100 + g)::text from generate_series(1, 6) g), m.user_id, $2
         from grid_node r join membership m on m.node_id = r.id and m.role = 'landlord'
        where r.district_id = $1 and r.kind = 'rental_group'`,
      [districtId, o.now],
    );
    await tx.query(
      `insert into tenancy (id, district_id, node_id, node_path, property_id, household_id, person_id, room, status, home_region, move_in_date,
                            expected_move_out_date, moved_out_on, ended_at, verified_at, created_by, confirmed_at, created_at)
       select gen_random_uuid(), $1, h.node_id, h.node_path, h.node_id, h.id, p.id, h.room, s.status, null,
              ($2::timestamptz - make_interval(days => 30 + abs(hashtext(h.id::text)) % 600))::date,
              ($2::timestamptz + make_interval(days => 180 - abs(hashtext(h.id::text || 'o')) % 365))::date,
              case when s.status = 'ended' then ($2::timestamptz - interval '5 days')::date end,
              case when s.status = 'ended' then $2::timestamptz - interval '5 days' end,
              $2::timestamptz - make_interval(days => abs(hashtext(h.id::text || 'v')) % 240), pr.owner_id,
              case when s.status <> 'pending' then $2::timestamptz - interval '20 days' end, $2
         from household h join property pr on pr.id = h.node_id
         join (select distinct on (p.household_id) p.household_id, p.id from person p join grid_node g on g.id = p.node_id and g.kind = 'rental_group'
                where p.district_id = $1 order by p.household_id, p.id) p on p.household_id = h.id
         join lateral (select case abs(hashtext(h.id::text || 's')) % 20 when 0 then 'pending' when 1 then 'ended' else 'active' end as status) s on true
        where h.district_id = $1`,
      [districtId, o.now],
    );
    const tenancies: { n: number }[] = await tx.query(`select count(*)::int as n from tenancy where district_id = $1`, [districtId]);
    progress('租客登记', 1, 1);

    return {
      nodes: nodes[0]!.n,
      microGrids: nodes[0]!.micro,
      households: householdCount[0]!.n,
      persons,
      memberships: users[0]!.n,
      underCare: care[0]!.plans,
      visits: care[0]!.visits,
      notices: notices[0]!.notices,
      receipts: notices[0]!.receipts,
      reports: reports[0]!.n,
      tenancies: tenancies[0]!.n,
    };
  });
}

