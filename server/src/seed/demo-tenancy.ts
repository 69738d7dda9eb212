import { addressKey, checkIdNumber, idNumberCheckChar } from '@linli/shared';
import type { EntityManager } from 'typeorm';
import type { FieldCrypto } from '../common/crypto/field-crypto.js';
import { protectIdNumber, protectPhone } from '../modules/households/protected-fields.js';

/** Home counties of the demo's migrant tenants (GB/T 2260 codes the ID check knows). */
const HOME_COUNTIES = ['360732', '430524', '511324', '341221', '411528', '330781', '421127', '500236', '431224', '350583', '330727'];
const SURNAMES = [...'王李张刘陈杨黄吴周徐孙马朱胡郭何林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余杜叶程魏苏吕丁任沈姚卢'];
const GIVEN_MALE = ['建华', '小军', '国强', '海波', '志明', '俊', '磊', '超', '鹏飞', '明亮', '勇', '建军', '文斌', '家豪'];
const GIVEN_FEMALE = ['春燕', '丽娟', '文静', '红梅', '娟', '倩', '晓丽', '秀珍', '婷', '丽萍', '小芳', '雪梅', '慧敏', '佳怡'];
const EMPLOYERS = ['金华某五金厂', '开发区电子厂', '快递网点', '外卖配送', '工地', '服装加工厂', '餐馆', '自营小店', null];
/** Four floors of four rooms: an urban village house let room by room. */
const ROOMS = ['101', '102', '103', '104', '201', '202', '203', '204', '301', '302', '303', '304', '401', '402', '403', '404'];

/** A valid ID number for an invented tenant (GB 11643 check character). */
export function demoTenantIdNumber(county: string, birth: string, seq: number, gender: 'male' | 'female'): string {
  const s = String((seq % 400) * 2 + (gender === 'male' ? 1 : 0)).padStart(3, '0').slice(-3);
  const first17 = `${county}${birth.replace(/-/g, '')}${s}`;
  return first17 + idNumberCheckChar(first17);
}

function day(at: Date, offsetDays: number): string {
  return new Date(at.getTime() + 8 * 3_600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

interface SeedTenancy {
  room: string;
  name: string;
  gender: 'male' | 'female';
  birth: string;
  county: string;
  phone: string;
  employer: string | null;
  status: 'pending' | 'active' | 'ended';
  moveInDaysAgo: number;
  expectedInDays: number | null;
  verifiedDaysAgo: number;
  userId?: string;
  coResidents?: string[];
}

async function roomHousehold(tx: EntityManager, nodeId: string, room: string): Promise<string> {
  const key = addressKey({ room });
  await tx.query(
    `insert into household (node_id, room, room_key, building_key, unit_key, occupancy) values ($1, $2, $3, '', '', 'rented')
     on conflict (node_id, building_key, unit_key, room_key) do nothing`,
    [nodeId, room, key.room],
  );
  const rows: { id: string }[] = await tx.query(`select id from household where node_id = $1 and building_key = '' and unit_key = '' and room_key = $2`, [nodeId, key.room]);
  return rows[0]!.id;
}

/**
 * The landlords' houses as properties with rooms, and their tenants: about forty across
 * demo-landlord's three houses (demo-tenant in 金钱寺路12号 room 101), a few in demo-landlord-2's
 * house, with pending, overdue, not re-verified and ended ones so the roster's filters show
 * something. Idempotent per house.
 */
export async function seedTenancies(
  tx: EntityManager,
  crypto: FieldCrypto,
  now: Date,
  houses: { nodeId: string; gridId: string; address: string; ownerId: string; tenants: number; demoTenant?: string }[],
  retentionDays = 730,
): Promise<void> {
  let seq = 0;
  let x = 7;
  const rand = () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648;
  };
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  for (const house of houses) {
    const exists: unknown[] = await tx.query(`select 1 from property where id = $1`, [house.nodeId]);
    if (exists.length) continue;
    // a room each (a room is a household); a spare room or two
    const rooms = ROOMS.slice(0, Math.min(ROOMS.length, Math.max(6, house.tenants + 2)));
    await tx.query(`insert into property (id, node_id, grid_id, address, rooms, owner_id, created_at) values ($1, $1, $2, $3, $4::text[], $5, $6)`, [
      house.nodeId, house.gridId, house.address, rooms, house.ownerId, new Date(now.getTime() - 400 * 86_400_000),
    ]);
    const list: SeedTenancy[] = [];
    for (let i = 0; i < house.tenants; i++) {
      const gender: 'male' | 'female' = rand() < 0.6 ? 'male' : 'female';
      const year = 1970 + Math.floor(rand() * 32);
      list.push({
        room: rooms[i % rooms.length]!,
        name: pick(SURNAMES) + pick(gender === 'male' ? GIVEN_MALE : GIVEN_FEMALE),
        gender,
        birth: `${year}-${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}`,
        county: pick(HOME_COUNTIES),
        phone: `1${pick(['38', '39', '58', '77', '86', '35', '52'])}${String(Math.floor(rand() * 1e8)).padStart(8, '0')}`,
        employer: pick(EMPLOYERS),
        status: 'active',
        moveInDaysAgo: 20 + Math.floor(rand() * 300),
        expectedInDays: rand() < 0.5 ? 30 + Math.floor(rand() * 300) : null,
        verifiedDaysAgo: Math.floor(rand() * 120),
        coResidents: rand() < 0.3 ? [pick(SURNAMES) + pick(gender === 'male' ? GIVEN_FEMALE : GIVEN_MALE)] : [],
      });
    }
    if (house.demoTenant) {
      Object.assign(list[0]!, { room: '101', name: '赵小龙', gender: 'male', birth: '1994-06-18', county: '430524', phone: '13912345678', employer: '开发区电子厂', userId: house.demoTenant, coResidents: [] });
    }
    // the roster's flags and filters: one waiting for the landlord, one past the expected move-out,
    // one not re-verified for half a year, one moved out last month
    if (list.length >= 6) {
      list[1]!.status = 'pending';
      list[1]!.verifiedDaysAgo = 1;
      list[1]!.moveInDaysAgo = 2;
      list[2]!.expectedInDays = -12;
      list[3]!.verifiedDaysAgo = 200;
      list[3]!.moveInDaysAgo = 320;
      list[4]!.status = 'ended';
    }
    for (const t of list) {
      const id = demoTenantIdNumber(t.county, t.birth, seq++, t.gender);
      const checked = checkIdNumber(id, now);
      if (!checked.ok) throw new Error(`demo tenant ID number ${id} is invalid: ${checked.problem}`);
      const householdId = await roomHousehold(tx, house.nodeId, t.room);
      const idCols = protectIdNumber(id, crypto);
      const phoneCols = protectPhone(t.phone, crypto);
      const person: { id: string }[] = await tx.query(
        `insert into person (household_id, name, gender, birth_date, relation, phone_enc, phone_bidx, phone_masked, id_number_enc, id_number_bidx, id_number_masked, user_id)
         values ($1, $2, $3, $4::date, '租客', $5, $6, $7, $8, $9, $10, $11) returning id`,
        [householdId, t.name, t.gender, t.birth, phoneCols.enc, phoneCols.bidx, phoneCols.masked, idCols.enc, idCols.bidx, idCols.masked, t.userId ?? null],
      );
      const co = [];
      for (const name of t.coResidents ?? []) {
        const p: { id: string }[] = await tx.query(`insert into person (household_id, name, relation) values ($1, $2, '租客') returning id`, [householdId, name]);
        co.push({ name, relation: '同住', personId: p[0]!.id });
      }
      const moveIn = day(now, -t.moveInDaysAgo);
      const createdAt = new Date(now.getTime() - t.moveInDaysAgo * 86_400_000);
      const endedAt = t.status === 'ended' ? new Date(now.getTime() - 30 * 86_400_000) : null;
      const rows: { id: string }[] = await tx.query(
        `insert into tenancy (node_id, property_id, household_id, person_id, user_id, room, status, employer, home_region, co_residents, move_in_date,
                              expected_move_out_date, moved_out_on, ended_at, verified_at, self_registered, created_by, confirmed_at, created_at)
         values ($1, $1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10::date, $11::date, $12::date, $13, $14, $15, $16, $17, $18) returning id`,
        [
          house.nodeId, householdId, person[0]!.id, t.userId ?? null, t.room, t.status, t.employer, checked.region, JSON.stringify(co), moveIn,
          t.expectedInDays === null ? null : day(now, t.expectedInDays), endedAt ? day(endedAt, 0) : null, endedAt,
          new Date(now.getTime() - t.verifiedDaysAgo * 86_400_000), t.status === 'pending', house.ownerId,
          t.status === 'pending' ? null : createdAt, createdAt,
        ],
      );
      if (t.userId) {
        await tx.query(`update membership set household_id = $3, person_id = $4 where user_id = $1 and node_id = $2 and role = 'tenant'`, [t.userId, house.nodeId, householdId, person[0]!.id]);
      }
      if (endedAt) {
        await tx.query(`insert into job (kind, payload, run_at, dedupe_key) values ('tenancy.purge', $1, $2, $3) on conflict (dedupe_key) do nothing`, [
          JSON.stringify({ tenancyId: rows[0]!.id }), new Date(endedAt.getTime() + retentionDays * 86_400_000), `tenancy-purge:${rows[0]!.id}`,
        ]);
      }
    }
  }
}
