/**
 * The demo neighbourhood's accounts (DESIGN.md), offered on the H5 login page, where the
 * server runs in WeChat mock mode. Only the openids and who they are: the server owns the data.
 */
export interface DemoAccount {
  openid: string
  who: string
}

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { openid: 'demo-admin', who: '兴学社区工作人员' },
  { openid: 'demo-street-admin', who: '江南街道工作人员' },
  { openid: 'demo-head', who: '西29栋网格长' },
  { openid: 'demo-elder', who: '81岁独居老人' },
  { openid: 'demo-family', who: '老人的儿子' },
  { openid: 'demo-jqs-admin', who: '金钱寺社区工作人员' },
  { openid: 'demo-landlord', who: '房东（3套出租房）' },
  { openid: 'demo-landlord-2', who: '房东（1套出租房）' },
  { openid: 'demo-tenant', who: '租客' },
  { openid: 'demo-village-head', who: '西十村网格长' },
  { openid: 'demo-villager', who: '西十村村民' },
  { openid: 'demo-villager-2', who: '西十村村民' },
  { openid: 'demo-volunteer', who: '西29栋志愿者' },
]
