import { NATIVE_COLORS } from './theme/colors'

export default defineAppConfig({
  // The home tab comes first: it sends people who are not logged in to the login page.
  // The main package holds what everyone opens: home, 我的, login, and the join page a scan opens.
  pages: ['pages/index/index', 'pages/mine/index', 'pages/login/index', 'pages/join/index', 'pages/notices/index', 'pages/reports/index'],
  // Role areas download only when first opened.
  subPackages: [
    {
      root: 'packages/head',
      pages: [
        'members/index',
        'households/index',
        'household/index',
        'household-form/index',
        'person-form/index',
        'invite/index',
        'pick-person/index',
        'import/index',
        'care/index',
        'care-person/index',
        'visit/index',
        'check-requests/index',
        // tenancy (issue 7)
        'tenancies/index',
      ],
    },
    { root: 'packages/resident', pages: ['home/index'] },
    { root: 'packages/family', pages: ['person/index', 'messages/index'] },
    { root: 'packages/notices', pages: ['detail/index', 'publish/index', 'receipts/index'] },
    { root: 'packages/landlord', pages: ['houses/index', 'house/index', 'house-form/index', 'tenant-form/index'] },
    // Issue reports (随手拍): a new report and a report's page.
    { root: 'packages/reports', pages: ['new/index', 'detail/index'] },
    // dashboard
    { root: 'packages/admin', pages: ['dashboard/index'] },
  ],
  // A report may carry the phone's location (only when the person taps 使用手机定位).
  requiredPrivateInfos: ['getLocation'],
  permission: {
    'scope.userLocation': { desc: '用于在上报问题时记录问题所在的位置' },
  },
  window: {
    navigationBarTitleText: '邻里微网格',
    navigationBarBackgroundColor: NATIVE_COLORS.surface,
    navigationBarTextStyle: 'black',
    backgroundColor: NATIVE_COLORS.background,
    backgroundTextStyle: 'dark',
  },
  tabBar: {
    color: NATIVE_COLORS.textMuted,
    selectedColor: NATIVE_COLORS.primary,
    backgroundColor: NATIVE_COLORS.surface,
    borderStyle: NATIVE_COLORS.border,
    list: [
      {
        pagePath: 'pages/index/index',
        text: '首页',
        iconPath: 'assets/tabbar/home.png',
        selectedIconPath: 'assets/tabbar/home-active.png',
      },
      // notices
      {
        pagePath: 'pages/notices/index',
        text: '通知',
        iconPath: 'assets/tabbar/notices.png',
        selectedIconPath: 'assets/tabbar/notices-active.png',
      },
      // Issue reports (随手拍)
      {
        pagePath: 'pages/reports/index',
        text: '上报',
        iconPath: 'assets/tabbar/report.png',
        selectedIconPath: 'assets/tabbar/report-active.png',
      },
      {
        pagePath: 'pages/mine/index',
        text: '我的',
        iconPath: 'assets/tabbar/mine.png',
        selectedIconPath: 'assets/tabbar/mine-active.png',
      },
    ],
  },
})
