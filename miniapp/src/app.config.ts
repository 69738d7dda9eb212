import { NATIVE_COLORS } from './theme/colors'

export default defineAppConfig({
  // The home tab comes first: it sends people who are not logged in to the login page.
  pages: ['pages/index/index', 'pages/mine/index', 'pages/login/index'],
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
      {
        pagePath: 'pages/mine/index',
        text: '我的',
        iconPath: 'assets/tabbar/mine.png',
        selectedIconPath: 'assets/tabbar/mine-active.png',
      },
    ],
  },
})
