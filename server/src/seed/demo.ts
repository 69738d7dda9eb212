import { addressKey, idNumberCheckChar, type NodeKind, type PersonTag, type Role } from '@linli/shared';
import type { DataSource, EntityManager } from 'typeorm';
import type { FieldCrypto } from '../common/crypto/field-crypto.js';
import { splitTags } from '../modules/households/persons.mapper.js';
import { protectIdNumber, protectPhone } from '../modules/households/protected-fields.js';
import { CareRepository } from '../modules/care/care.repository.js';
import { policyHours } from '../modules/care/care-policy.service.js';

/** The demo accounts of DESIGN.md: log in with `mock:<openid>`. People are invented; places are real. */
export const DEMO_ACCOUNTS = [
  { openid: 'demo-admin', name: '王晓燕', who: '兴学社区工作人员（管理员）' },
  { openid: 'demo-street-admin', name: '陈建国', who: '江南街道工作人员（管理两个社区）' },
  { openid: 'demo-head', name: '李卫东', who: '第三平安小区西29栋网格长' },
  { openid: 'demo-elder', name: '张桂英', who: '西29栋 81 岁独居老人' },
  { openid: 'demo-family', name: '周明', who: '张桂英的儿子（家属）' },
  { openid: 'demo-jqs-admin', name: '刘芳', who: '金钱寺社区工作人员（管理员）' },
  { openid: 'demo-landlord', name: '金志强', who: '金钱寺社区房东（3 套出租房）' },
  { openid: 'demo-landlord-2', name: '吴海林', who: '金钱寺社区房东（1 套出租房）' },
  { openid: 'demo-tenant', name: '赵小龙', who: '金志强的租客' },
  { openid: 'demo-village-head', name: '黄国平', who: '西十村微网格网格长' },
  { openid: 'demo-villager', name: '徐美华', who: '西十村村民' },
  { openid: 'demo-villager-2', name: '方建民', who: '西十村村民' },
  { openid: 'demo-volunteer', name: '何晓静', who: '西29栋志愿者（协助走访一位空巢老人）' },
] as const;

export const DEMO_PLACES = {
  district: '金华经济技术开发区',
  jiangnan: '江南街道',
  xingxue: '兴学社区',
  xi29: '第三平安小区西29栋',
  jinqiansi: '金钱寺社区',
  jqsMicro: '金钱寺社区第五微网格',
  houses: ['金钱寺路12号出租房', '金钱寺路14号出租房', '金钱寺路18号出租房'],
  house2: '金钱寺后街3号出租房',
  yangbu: '洋埠镇',
  xishi: '西十村',
  xishiMicro: '西十村第一微网格',
} as const;

async function node(tx: EntityManager, parentId: string | null, name: string, kind: NodeKind): Promise<string> {
  const found: { id: string }[] = await tx.query(
    `select id from grid_node where name = $1 and ${parentId ? 'parent_id = $2' : 'parent_id is null'}`,
    parentId ? [name, parentId] : [name],
  );
  if (found[0]) return found[0].id;
  const rows: { id: string }[] = await tx.query(`insert into grid_node (parent_id, name, kind) values ($1, $2, $3) returning id`, [parentId, name, kind]);
  return rows[0]!.id;
}

async function user(tx: EntityManager, openid: string, name: string): Promise<string> {
  const rows: { id: string }[] = await tx.query(
    `insert into app_user (openid, display_name) values ($1, $2)
     on conflict (openid) do update set display_name = app_user.display_name returning id`,
    [openid, name],
  );
  return rows[0]!.id;
}

async function member(tx: EntityManager, userId: string, nodeId: string, role: Role, status: 'active' | 'pending' = 'active', home?: { householdId: string; personId: string }): Promise<void> {
  await tx.query(
    `insert into membership (user_id, node_id, role, status, household_id, person_id) values ($1, $2, $3, $4, $5, $6)
     on conflict (user_id, node_id, role) where status in ('pending','active') do nothing`,
    [userId, nodeId, role, status, home?.householdId ?? null, home?.personId ?? null],
  );
}

/** A small deterministic generator, so the demo is the same on every machine. */
function prng(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648;
  };
}

const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢傅钟姜崔谭廖范汪陆金石戴贾韦夏邱方侯邹熊孟秦白江阎薛尹段雷黎史龙陶贺顾毛郝龚邵万钱严覃武洪'];
const GIVEN = ['建国', '秀英', '桂兰', '志强', '丽华', '海燕', '文军', '春梅', '国平', '小红', '晓东', '玉珍', '德明', '美玲', '伟', '静', '磊', '敏', '军', '芳', '子涵', '浩然', '欣怡', '梓轩', '雨桐', '俊杰', '淑芬', '宝华', '金凤', '永福'];

/** A valid mainland ID number (GB 11643 check character) for an invented person of Jinhua's Wucheng district. */
export function demoIdNumber(birth: string, seq: number, gender: 'male' | 'female'): string {
  const s = String(seq * 2 + (gender === 'male' ? 1 : 0)).padStart(3, '0').slice(-3);
  const first17 = `330702${birth.replace(/-/g, '')}${s}`;
  return first17 + idNumberCheckChar(first17);
}

interface DemoPerson {
  name: string;
  gender: 'male' | 'female';
  birthDate: string;
  relation: string;
  phone?: string;
  idNumber?: boolean;
  tags?: PersonTag[];
}

async function household(tx: EntityManager, crypto: FieldCrypto, nodeId: string, a: { building?: string; unit?: string; room: string }, people: DemoPerson[], seq: { n: number }): Promise<{ householdId: string; personIds: string[] }> {
  const key = addressKey(a);
  await tx.query(
    `insert into household (node_id, building, unit, room, building_key, unit_key, room_key) values ($1, $2, $3, $4, $5, $6, $7)
     on conflict (node_id, building_key, unit_key, room_key) do nothing`,
    [nodeId, a.building ?? '', a.unit ?? '', a.room, key.building, key.unit, key.room],
  );
  const rows: { id: string }[] = await tx.query(`select id from household where node_id = $1 and building_key = $2 and unit_key = $3 and room_key = $4`, [nodeId, key.building, key.unit, key.room]);
  const householdId = rows[0]!.id;
  const existing: { id: string; name: string }[] = await tx.query(`select id, name from person where household_id = $1 order by created_at, id`, [householdId]);
  if (existing.length) return { householdId, personIds: people.map((p) => existing.find((e) => e.name === p.name)?.id ?? existing[0]!.id) };
  const personIds: string[] = [];
  for (const p of people) {
    const phone = protectPhone(p.phone, crypto);
    const id = protectIdNumber(p.idNumber ? demoIdNumber(p.birthDate, seq.n++, p.gender) : undefined, crypto);
    const tags = splitTags(p.tags ?? [], crypto);
    const inserted: { id: string }[] = await tx.query(
      `insert into person (household_id, name, gender, birth_date, relation, phone_enc, phone_bidx, phone_masked, id_number_enc, id_number_bidx, id_number_masked, tags, sensitive_tags_enc)
       values ($1, $2, $3, $4::date, $5, $6, $7, $8, $9, $10, $11, $12::text[], $13) returning id`,
      [householdId, p.name, p.gender, p.birthDate, p.relation, phone.enc, phone.bidx, phone.masked, id.enc, id.bidx, id.masked, tags.tags, tags.sensitiveEnc],
    );
    personIds.push(inserted[0]!.id);
  }
  return { householdId, personIds };
}

/** An invented family for a flat: one to four people, sometimes an older couple, sometimes alone. */
function inventFamily(rand: () => number, i: number): DemoPerson[] {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const surname = pick(SURNAMES);
  const phone = () => `1${pick(['38', '39', '58', '59', '37', '88', '35'])}${String(Math.floor(rand() * 1e8)).padStart(8, '0')}`;
  const year = (from: number, to: number) => from + Math.floor(rand() * (to - from));
  const date = (y: number) => `${y}-${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}`;
  const size = i % 7 === 3 ? 1 : 1 + Math.floor(rand() * 4);
  const headYear = size === 1 ? year(1940, 1960) : year(1955, 1990);
  const people: DemoPerson[] = [{ name: surname + pick(GIVEN), gender: rand() < 0.5 ? 'male' : 'female', birthDate: date(headYear), relation: '户主', phone: phone(), idNumber: rand() < 0.7, tags: rand() < 0.15 ? ['党员'] : [] }];
  if (size === 1 && headYear < 1950) people[0]!.tags = ['空巢'];
  if (size >= 2) people.push({ name: pick(SURNAMES) + pick(GIVEN), gender: people[0]!.gender === 'male' ? 'female' : 'male', birthDate: date(headYear + Math.floor(rand() * 4)), relation: '配偶', phone: phone(), idNumber: rand() < 0.5 });
  for (let c = 2; c < size; c++) people.push({ name: surname + pick(GIVEN), gender: rand() < 0.5 ? 'male' : 'female', birthDate: date(Math.min(2022, headYear + 25 + Math.floor(rand() * 8))), relation: '子女' });
  return people;
}

export interface SeedResult {
  created: boolean;
  nodes: number;
  users: number;
  memberships: number;
}

/** Seeds the demo neighbourhood. Idempotent: what exists is kept, what is missing is added. */
export interface SeedOptions {
  /** Default visit interval by tag (the district's policy). */
  carePolicyHours?: Record<string, number>;
  /** When "now" is for the demo's history of visits. */
  now?: Date;
}

export async function seedDemo(db: DataSource, crypto: FieldCrypto, options: SeedOptions = {}): Promise<SeedResult> {
  const policy = options.carePolicyHours ?? { 独居老人: 24, 空巢: 48 };
  const now = options.now ?? new Date();
  return db.transaction(async (tx) => {
    const before: { n: number }[] = await tx.query('select count(*)::int as n from grid_node');
    const p = DEMO_PLACES;
    const district = await node(tx, null, p.district, 'district');
    const jiangnan = await node(tx, district, p.jiangnan, 'street');
    const xingxue = await node(tx, jiangnan, p.xingxue, 'community');
    const xi29 = await node(tx, xingxue, p.xi29, 'micro_grid');
    const jinqiansi = await node(tx, jiangnan, p.jinqiansi, 'community');
    const jqsMicro = await node(tx, jinqiansi, p.jqsMicro, 'micro_grid');
    const houses: string[] = [];
    for (const h of p.houses) houses.push(await node(tx, jqsMicro, h, 'rental_group'));
    const house2 = await node(tx, jqsMicro, p.house2, 'rental_group');
    const yangbu = await node(tx, district, p.yangbu, 'street');
    const xishi = await node(tx, yangbu, p.xishi, 'village');
    const xishiMicro = await node(tx, xishi, p.xishiMicro, 'micro_grid');

    const u: Record<string, string> = {};
    for (const a of DEMO_ACCOUNTS) u[a.openid] = await user(tx, a.openid, a.name);

    const rand = prng(29);
    const seq = { n: 100 };

    // 第三平安小区西29栋: one stairwell, 2 units × 6 floors × 2 flats = 24 households.
    const homes = new Map<string, { householdId: string; personIds: string[] }>();
    let i = 0;
    for (const unit of ['1', '2']) {
      for (let floor = 1; floor <= 6; floor++) {
        for (const flat of ['01', '02']) {
          const room = `${floor}${flat}`;
          const people: DemoPerson[] =
            unit === '2' && room === '301'
              ? [{ name: '张桂英', gender: 'female', birthDate: '1945-03-02', relation: '户主', phone: '13957901234', idNumber: true, tags: ['独居老人', '残疾'] }]
              : inventFamily(rand, i);
          homes.set(`${unit}-${room}`, await household(tx, crypto, xi29, { building: '西29', unit, room }, people, seq));
          i++;
        }
      }
    }
    const elderHome = homes.get('2-301')!;

    await member(tx, u['demo-admin']!, xingxue, 'admin');
    await member(tx, u['demo-street-admin']!, jiangnan, 'admin');
    await member(tx, u['demo-head']!, xi29, 'grid_head');
    await member(tx, u['demo-elder']!, xi29, 'resident', 'active', { householdId: elderHome.householdId, personId: elderHome.personIds[0]! });
    await tx.query(`update person set user_id = $1 where id = $2 and user_id is null`, [u['demo-elder'], elderHome.personIds[0]]);
    await member(tx, u['demo-family']!, xi29, 'family');
    await tx.query(
      `insert into family_link (district_id, user_id, person_id, relation, notify_all_clear) select p.district_id, $1, p.id, '儿子', true from person p where p.id = $2
       on conflict (user_id, person_id) do nothing`,
      [u['demo-family'], elderHome.personIds[0]],
    );
    await member(tx, u['demo-jqs-admin']!, jinqiansi, 'admin');
    await member(tx, u['demo-landlord']!, jqsMicro, 'landlord');
    for (const h of houses) await member(tx, u['demo-landlord']!, h, 'landlord');
    await member(tx, u['demo-landlord-2']!, jqsMicro, 'landlord');
    await member(tx, u['demo-landlord-2']!, house2, 'landlord');
    await member(tx, u['demo-tenant']!, houses[0]!, 'tenant');
    await member(tx, u['demo-village-head']!, xishiMicro, 'grid_head');

    // 西十村第一微网格: village houses by number.
    const villageHomes: { householdId: string; personIds: string[] }[] = [];
    const villagers: DemoPerson[][] = [
      [{ name: '徐美华', gender: 'female', birthDate: '1968-05-11', relation: '户主', phone: '13857912345', idNumber: true }],
      [{ name: '方建民', gender: 'male', birthDate: '1972-09-23', relation: '户主', phone: '13587934567', idNumber: true, tags: ['党员'] }],
    ];
    for (let n = 0; n < 8; n++) {
      villageHomes.push(await household(tx, crypto, xishiMicro, { room: `西十村${11 + n * 2}号` }, villagers[n] ?? inventFamily(rand, 100 + n), seq));
    }
    await member(tx, u['demo-villager']!, xishiMicro, 'resident', 'active', { householdId: villageHomes[0]!.householdId, personId: villageHomes[0]!.personIds[0]! });
    await member(tx, u['demo-villager-2']!, xishiMicro, 'resident', 'active', { householdId: villageHomes[1]!.householdId, personId: villageHomes[1]!.personIds[0]! });
    await tx.query(`update person set user_id = m.user_id from membership m where m.person_id = person.id and person.user_id is null`);

    // Neighbours of 西29栋 who joined earlier, and one waiting for the head's approval.
    const neighbours = [['陈秀兰', '1-101'], ['杨志刚', '1-302'], ['朱丽华', '1-501'], ['孙建平', '2-202'], ['胡小梅', '2-602']] as const;
    for (const [n, [name, flat]] of neighbours.entries()) {
      const home = homes.get(flat)!;
      await tx.query(`update person set name = $2 where id = $1 and user_id is null`, [home.personIds[0], name]);
      await member(tx, await user(tx, `demo-xi29-resident-${n + 1}`, name), xi29, 'resident', 'active', { householdId: home.householdId, personId: home.personIds[0]! });
    }
    await tx.query(`update person set user_id = m.user_id from membership m where m.person_id = person.id and person.user_id is null`);
    // 郑雨萱 moved in with her parents at 1单元402 and asked to join: she waits for the head.
    const newcomerHome = homes.get('1-402')!;
    const newcomer = await user(tx, 'demo-xi29-newcomer', '郑雨萱');
    await tx.query(
      `insert into person (household_id, name, gender, birth_date, relation, user_id)
       select $1, '郑雨萱', 'female', '1996-07-15', '子女', $2 where not exists (select 1 from person where household_id = $1 and name = '郑雨萱')`,
      [newcomerHome.householdId, newcomer],
    );
    const newcomerPerson: { id: string }[] = await tx.query(`select id from person where household_id = $1 and name = '郑雨萱'`, [newcomerHome.householdId]);
    await member(tx, newcomer, xi29, 'resident', 'pending', { householdId: newcomerHome.householdId, personId: newcomerPerson[0]!.id });

    // Care: 张桂英 is visited twice a day by her head (the plan the epidemic made her keep); her
    // last visit was 14 hours ago, so she is two hours overdue when the demo starts. Others tagged
    // 独居老人 or 空巢 get the district's default plan.
    const care = new CareRepository(db);
    const hasPlan: unknown[] = await tx.query(`select 1 from care_plan where person_id = $1`, [elderHome.personIds[0]]);
    if (!hasPlan.length) {
      const elderId = elderHome.personIds[0]!;
      const headId = u['demo-head']!;
      for (let k = 6; k >= 1; k--) {
        const at = new Date(now.getTime() - (14 + (k - 1) * 12) * 3_600_000);
        await tx.query(
          `insert into visit (id, person_id, carer_user_id, occurred_at, method, outcome, note, body_hash, created_at)
           values (gen_random_uuid(), $1, $2, $3, $4, 'well', $5, 'seed', $3)`,
          [elderId, headId, at, k % 3 === 0 ? 'phone' : 'in_person', k === 1 ? '精神不错，叮嘱按时吃药' : null],
        );
      }
      await care.upsertPlan({ personId: elderId, everyHours: 12, carerUserIds: [headId], source: 'manual', updatedBy: headId, now: new Date(now.getTime() - 7 * 86_400_000) }, tx);
      await care.recordContact(elderId, new Date(now.getTime() - 14 * 3_600_000), tx);
    }
    const tagged: { id: string; tags: PersonTag[] }[] = await tx.query(`select id, tags from person where tags && array['独居老人','空巢']::text[]`);
    for (const p of tagged) {
      const hours = policyHours(p.tags, policy);
      if (hours) await care.insertPolicyPlan(p.id, hours, await care.headsOfPersonNode(p.id, tx), now, tx);
    }

    // A volunteer of 西29栋 helps the head with one of the building's other elderly residents.
    await member(tx, u['demo-volunteer']!, xi29, 'volunteer');
    await tx.query(
      `update care_plan set carer_user_ids = array_append(carer_user_ids, $1::uuid)
        where person_id = (select cp.person_id from care_plan cp join person p on p.id = cp.person_id
                            where p.node_id = $2 and p.id <> $3 order by p.name limit 1)
          and not ($1::uuid = any(carer_user_ids))`,
      [u['demo-volunteer'], xi29, elderHome.personIds[0]],
    );

    // Reports (随手拍) in 西十村: last week's broken street light, answered in public, and this
    // morning's rubbish in the pond, waiting for the village head.
    const hasReports: unknown[] = await tx.query(`select 1 from report where node_id = $1 limit 1`, [xishiMicro]);
    if (!hasReports.length) await seedReports(tx, { node: xishiMicro, villager: u['demo-villager']!, villager2: u['demo-villager-2']!, head: u['demo-village-head']!, now });

    const counts: { nodes: number; users: number; memberships: number }[] = await tx.query(
      `select (select count(*)::int from grid_node) as nodes, (select count(*)::int from app_user) as users,
              (select count(*)::int from membership) as memberships`,
    );
    return { created: before[0]!.n === 0, ...counts[0]! };
  });
}

async function seedReports(tx: EntityManager, o: { node: string; villager: string; villager2: string; head: string; now: Date }): Promise<void> {
  const ago = (hours: number) => new Date(o.now.getTime() - hours * 3_600_000);
  const add = async (r: { reporter: string; category: string; description: string; location: string; status: string; at: Date; acceptDue: Date | null; resolveDue: Date | null; resolvedAt?: Date }) => {
    const rows: { id: string }[] = await tx.query(
      `insert into report (node_id, handler_node_id, reporter_id, category, description, location, status, accept_due_at, resolve_due_at, resolved_at, version, created_at, updated_at)
       values ($1, $1, $2, $3, $4, $5, $6, $7, $8, $9, 0, $10, $10) returning id`,
      [o.node, r.reporter, r.category, r.description, { text: r.location }, r.status, r.acceptDue, r.resolveDue, r.resolvedAt ?? null, r.at],
    );
    const id = rows[0]!.id;
    // the deadline job the service would have scheduled (escalation, or closing 7 days after the reply)
    const due = r.status === 'resolved' ? new Date(r.resolvedAt!.getTime() + 7 * 86_400_000) : r.acceptDue;
    await tx.query(`insert into job (kind, payload, run_at, dedupe_key) values ('report.deadline', $1, $2, $3) on conflict (dedupe_key) do nothing`, [
      { reportId: id, version: 0 },
      due,
      `report-deadline:${id}:0`,
    ]);
    await tx.query(
      `insert into report_event (report_id, actor_id, actor_role, action, from_status, to_status, public, node_id, created_at) values ($1, $2, 'reporter', 'submit', null, 'submitted', true, $3, $4)`,
      [id, r.reporter, o.node, r.at],
    );
    return id;
  };
  const light = await add({ reporter: o.villager2, category: 'facility', description: '村口到祠堂那段路的路灯坏了三盏，晚上老人走路看不清', location: '村口至祠堂', status: 'resolved', at: ago(6 * 24), acceptDue: null, resolveDue: ago(-24), resolvedAt: ago(4 * 24) });
  await tx.query(
    `insert into report_event (report_id, actor_id, actor_role, action, from_status, to_status, public, node_id, created_at) values ($1, $2, 'handler', 'accept', 'submitted', 'accepted', true, $3, $4)`,
    [light, o.head, o.node, ago(6 * 24 - 2)],
  );
  const reply: { id: string }[] = await tx.query(
    `insert into report_event (report_id, actor_id, actor_role, action, from_status, to_status, note, public, node_id, created_at)
     values ($1, $2, 'handler', 'resolve', 'accepted', 'resolved', '已请镇供电所换了三盏路灯，晚上 6 点到 12 点常亮。大家走夜路还是注意安全。', true, $3, $4) returning id`,
    [light, o.head, o.node, ago(4 * 24)],
  );
  await tx.query(`update report set reply_event_id = $2 where id = $1`, [light, reply[0]!.id]);
  await add({ reporter: o.villager2, category: 'rubbish', description: '池塘北边有人倒了一车装修垃圾，还有塑料袋漂在水面上', location: '村东池塘北岸', status: 'submitted', at: ago(2), acceptDue: ago(-22), resolveDue: ago(-7 * 24 + 2) });
}
