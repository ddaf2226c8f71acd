// Shared bits of the points screens: their routes and small formatters.
export const POINTS_ROUTES = {
  mine: '/packages/points/mine/index',
  store: '/packages/points/store/index',
  admin: '/packages/points/admin/index',
  ranking: '/packages/points/ranking/index',
  verify: '/packages/points/verify/index',
} as const

export const signed = (n: number) => (n > 0 ? `+${n}` : String(n))
export const day = (iso: string) => iso.slice(0, 10)
export const newKey = () => `pts-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`
