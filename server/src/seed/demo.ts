import type { NodeKind, Role } from '@linli/shared';
import type { DataSource, EntityManager } from 'typeorm';

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

async function member(tx: EntityManager, userId: string, nodeId: string, role: Role, status: 'active' | 'pending' = 'active'): Promise<void> {
  await tx.query(
    `insert into membership (user_id, node_id, role, status) values ($1, $2, $3, $4)
     on conflict (user_id, node_id, role) where status in ('pending','active') do nothing`,
    [userId, nodeId, role, status],
  );
}

export interface SeedResult {
  created: boolean;
  nodes: number;
  users: number;
  memberships: number;
}

/** Seeds the demo neighbourhood. Idempotent: what exists is kept, what is missing is added. */
export async function seedDemo(db: DataSource): Promise<SeedResult> {
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

    await member(tx, u['demo-admin']!, xingxue, 'admin');
    await member(tx, u['demo-street-admin']!, jiangnan, 'admin');
    await member(tx, u['demo-head']!, xi29, 'grid_head');
    await member(tx, u['demo-elder']!, xi29, 'resident');
    await member(tx, u['demo-family']!, xi29, 'family');
    await member(tx, u['demo-jqs-admin']!, jinqiansi, 'admin');
    await member(tx, u['demo-landlord']!, jqsMicro, 'landlord');
    for (const h of houses) await member(tx, u['demo-landlord']!, h, 'landlord');
    await member(tx, u['demo-landlord-2']!, jqsMicro, 'landlord');
    await member(tx, u['demo-landlord-2']!, house2, 'landlord');
    await member(tx, u['demo-tenant']!, houses[0]!, 'tenant');
    await member(tx, u['demo-village-head']!, xishiMicro, 'grid_head');
    await member(tx, u['demo-villager']!, xishiMicro, 'resident');
    await member(tx, u['demo-villager-2']!, xishiMicro, 'resident');

    // Neighbours of 西29栋 who joined earlier, and one waiting for the head's approval.
    const neighbours = ['陈秀兰', '杨志刚', '朱丽华', '孙建平', '胡小梅'];
    for (const [i, name] of neighbours.entries()) {
      await member(tx, await user(tx, `demo-xi29-resident-${i + 1}`, name), xi29, 'resident');
    }
    await member(tx, await user(tx, 'demo-xi29-newcomer', '郑雨萱'), xi29, 'resident', 'pending');

    const counts: { nodes: number; users: number; memberships: number }[] = await tx.query(
      `select (select count(*)::int from grid_node) as nodes, (select count(*)::int from app_user) as users,
              (select count(*)::int from membership) as memberships`,
    );
    return { created: before[0]!.n === 0, ...counts[0]! };
  });
}
