// CloudBase timer triggers use a 7-field cron: second minute hour day-of-month month day-of-week year.
// This matcher covers what our cloudbaserc.json uses: '*', '*/n', 'a-b', 'a,b,c' and plain numbers.
const RANGES: Array<[number, number]> = [
  [0, 59],
  [0, 59],
  [0, 23],
  [1, 31],
  [1, 12],
  [0, 6],
  [1970, 2199],
]

function fieldMatches(spec: string, value: number, [lo, hi]: [number, number]): boolean {
  return spec.split(',').some((part) => {
    const [range, stepText] = part.split('/')
    const step = stepText ? Number(stepText) : 1
    let from = lo
    let to = hi
    if (range !== '*' && range !== '?') {
      const [a, b] = range.split('-').map(Number)
      from = a
      to = b ?? (stepText ? hi : a)
    }
    return value >= from && value <= to && (value - from) % step === 0
  })
}

export function parseCron(expr: string): (d: Date) => boolean {
  const fields = expr.trim().split(/\s+/)
  if (fields.length !== 7) throw new Error(`timer trigger needs 7 cron fields, got "${expr}"`)
  return (d) => {
    const values = [d.getSeconds(), d.getMinutes(), d.getHours(), d.getDate(), d.getMonth() + 1, d.getDay(), d.getFullYear()]
    return fields.every((f, i) => fieldMatches(f, values[i], RANGES[i]))
  }
}
