import { NATIVE_COLORS } from './theme/colors'

export default defineAppConfig({
  // The home tab comes first: it sends people who are not logged in to the login page.
  // The main package holds what everyone opens: home, 我的, login, and the join page a scan opens.
  pages: ['pages/index/index', 'pages/mine/index', 'pages/login/index', 'pages/join/index',
    // notices
    'pages/notices/index',
  ],
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
      ],
    },
    { root: 'packages/resident', pages: ['home/index'] },
    { root: 'packages/family', pages: ['person/index', 'messages/index'] },
    // notices
    { root: 'packages/notices', pages: ['detail/index', 'publish/index', 'receipts/index'] },
    // dashboard
    { root: 'packages/admin', pages: ['dashboard/index'] },
  ],
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
      {
        pagePath: 'pages/mine/index',
        text: '我的',
        iconPath: 'assets/tabbar/mine.png',
        selectedIconPath: 'assets/tabbar/mine-active.png',
      },
    ],
  },
})
