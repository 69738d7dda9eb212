import Taro from '@tarojs/taro'

export const LOGIN_PAGE = '/pages/login/index'
export const HOME_PAGE = '/pages/index/index'
export const MINE_PAGE = '/pages/mine/index'
export const JOIN_PAGE = '/pages/join/index'
/** The 上报 tab (随手拍). */
export const REPORTS_TAB = '/pages/reports/index'

/** The staff area (subpackage `packages/head`). */
export const HEAD_PAGES = {
  members: '/packages/head/members/index',
  households: '/packages/head/households/index',
  household: '/packages/head/household/index',
  householdForm: '/packages/head/household-form/index',
  personForm: '/packages/head/person-form/index',
  invite: '/packages/head/invite/index',
  pickPerson: '/packages/head/pick-person/index',
  import: '/packages/head/import/index',
  care: '/packages/head/care/index',
  carePerson: '/packages/head/care-person/index',
  visit: '/packages/head/visit/index',
  checkRequests: '/packages/head/check-requests/index',
  // tenancy (issue 7): the community's roster of tenants
  tenancies: '/packages/head/tenancies/index',
} as const

/** tenancy (issue 7): the landlord area (subpackage `packages/landlord`). */
export const LANDLORD_PAGES = {
  houses: '/packages/landlord/houses/index',
  houseForm: '/packages/landlord/house-form/index',
  house: '/packages/landlord/house/index',
  tenantForm: '/packages/landlord/tenant-form/index',
} as const

/** Family and inbox pages (subpackage `packages/family`). */
export const FAMILY_PAGES = {
  person: '/packages/family/person/index',
  messages: '/packages/family/messages/index',
} as const

// notices
/** The 通知 tab (main package) and its pages (subpackage `packages/notices`). */
export const NOTICES_TAB = '/pages/notices/index'
export const NOTICE_PAGES = {
  detail: '/packages/notices/detail/index',
  publish: '/packages/notices/publish/index',
  receipts: '/packages/notices/receipts/index',
}

/** Issue reports (subpackage `packages/reports`): a new report, a report's page. */
export const REPORT_PAGES = {
  new: '/packages/reports/new/index',
  detail: '/packages/reports/detail/index',
} as const

// dashboard
/** The admin area (subpackage `packages/admin`): the dashboard of a node. */
export const DASHBOARD_PAGE = '/packages/admin/dashboard/index'

/** The resident area (subpackage `packages/resident`). */
export const MY_HOME_PAGE = '/packages/resident/home/index'

let redirectingToLogin = false

function currentRoute(): string {
  const pages = Taro.getCurrentPages()
  const top = pages[pages.length - 1]
  return top?.route ?? ''
}

/** Query parameters the router adds by itself (H5's `stamp`), which must not travel in a redirect. */
const ROUTER_PARAMS = new Set(['stamp', '$taroTimestamp'])

/** A page address with its query, as `reLaunch` takes it. */
export function pageUrl(path: string, params: Record<string, string | number | undefined> = {}): string {
  const query = Object.entries(params)
    .filter(([, value]) => value !== undefined && value !== '')
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`)
  return query.length > 0 ? `${path}?${query.join('&')}` : path
}

/** The page on screen, with its query: where to come back to after logging in again. */
export function currentPageUrl(): string | undefined {
  const router = Taro.getCurrentInstance().router
  if (!router?.path) return undefined
  const path = router.path.split('?')[0]!
  const params: Record<string, string> = {}
  for (const [key, value] of Object.entries(router.params ?? {})) {
    if (!ROUTER_PARAMS.has(key) && typeof value === 'string') params[key] = safeDecode(value)
  }
  return pageUrl(path.startsWith('/') ? path : `/${path}`, params)
}

/** Query values arrive encoded on some platforms (H5 keeps them raw) and decoded on others. */
export function safeDecode(value: string): string {
  if (!value.includes('%')) return value
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}

/**
 * A redirect target from a query parameter, or undefined when it is not one of our own pages:
 * the login page must never send people to an address someone put into a link.
 */
export function safeRedirect(raw: string | undefined): string | undefined {
  if (!raw) return undefined
  const url = safeDecode(raw)
  if (!/^\/(pages|packages)\/[a-z0-9/_-]+(\?[A-Za-z0-9_\-=&%.]*)?$/.test(url)) return undefined
  if (url.startsWith(LOGIN_PAGE)) return undefined
  return url
}

/**
 * Send the user to the login page, once: several requests failing with 401 together, or a
 * 401 on the login page itself, must not start a redirect loop. `redirect` is the page to
 * come back to after logging in (the home page when absent).
 */
export function goLogin(toast?: string, redirect?: string): void {
  if (redirectingToLogin || currentRoute().replace(/^\//, '').startsWith(LOGIN_PAGE.slice(1))) return
  redirectingToLogin = true
  const back = safeRedirect(redirect)
  Taro.reLaunch({
    url: back && !back.startsWith(HOME_PAGE) ? pageUrl(LOGIN_PAGE, { redirect: back }) : LOGIN_PAGE,
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

/** Open a page on top of the current one. */
export function openPage(path: string, params?: Record<string, string | number | undefined>): void {
  void Taro.navigateTo({ url: pageUrl(path, params) })
}

/** Go back one page, or home when this page was opened directly (a shared link, a reload). */
export function goBack(): void {
  if (Taro.getCurrentPages().length > 1) void Taro.navigateBack()
  else goHome()
}
