// Minimum necessary (个人信息保护法): what a person may see of someone else. Masking happens on the server;
// the client only ever receives what these functions leave.

/** 张三 → 张*, 欧阳娜娜 → 欧*: one star whatever the length, so the mask does not tell the length. */
export function maskName(name: string | undefined | null): string {
  const chars = Array.from((name ?? '').trim())
  return chars.length ? `${chars[0]}*` : ''
}

/** 13812341234 → 138****1234 */
export function maskPhone(phone: string | undefined | null): string {
  if (!phone) return ''
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****'
}

/** Ages shown on public boards are bands, never a birth date. */
export function ageBand(age: number | undefined | null): string {
  if (age == null || !Number.isFinite(age)) return ''
  if (age < 18) return '未成年'
  if (age < 60) return `${Math.floor(age / 10) * 10}多岁`
  if (age < 80) return '老年人'
  return '高龄老人'
}
