import Taro from '@tarojs/taro'

export const LOGIN_PAGE = '/pages/login/index'
export const HOME_PAGE = '/pages/index/index'
export const MINE_PAGE = '/pages/mine/index'

let redirectingToLogin = false

function currentRoute(): string {
  const pages = Taro.getCurrentPages()
  const top = pages[pages.length - 1]
  return top?.route ?? ''
}

/**
 * Send the user to the login page, once: several requests failing with 401 together, or a
 * 401 on the login page itself, must not start a redirect loop.
 */
export function goLogin(toast?: string): void {
  if (redirectingToLogin || currentRoute().replace(/^\//, '').startsWith(LOGIN_PAGE.slice(1))) return
  redirectingToLogin = true
  Taro.reLaunch({
    url: LOGIN_PAGE,
    complete: () => {
      if (toast) void Taro.showToast({ title: toast, icon: 'none', duration: 2500 })
      // Allow the next redirect only after this one has settled.
      setTimeout(() => {
        redirectingToLogin = false
      }, 500)
    },
  })
}

export function goHome(): void {
  Taro.reLaunch({ url: HOME_PAGE })
}

