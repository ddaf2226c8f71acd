/** 13812341234 → 138****1234; anything that is not a full mobile number is masked whole but its tail. */
export function maskPhone(phone?: string): string {
  if (!phone) return ''
  if (/^1\d{10}$/.test(phone)) return `${phone.slice(0, 3)}****${phone.slice(7)}`
  return phone.length > 4 ? `${'*'.repeat(phone.length - 4)}${phone.slice(-4)}` : '****'
}

/** The first character of a name, for the round avatar. */
export function initialOf(name?: string): string {
  const s = (name || '').trim()
  return s ? Array.from(s)[0] : '我'
}

/** 社区 · 网格 · 楼栋 室, skipping what is missing. */
export function addressLine(p: { communityName?: string; gridName?: string; buildingName?: string; room?: string }): string {
  const parts = [p.communityName, p.gridName, p.buildingName].filter(Boolean) as string[]
  const line = parts.join(' · ')
  return p.room ? `${line}${line ? ' ' : ''}${p.room}` : line
}
