import type { OrderState } from '@shared/lifecycles/order'
import { COLOUR_LABELS, DEFAULT_ACCEPT_SLA_MS, type Colour } from '@shared/rules/sla'
import type { Tone } from '../Tag'

/** The tag colour of a card: hall work still looking for people (还差N人) reads gold, as an invitation. */
export function cardTone(o: { status: OrderState; taken: number; slots: number }): Tone {
  return o.status === 'published' && o.taken > 0 && o.taken < o.slots ? 'gold' : statusTone(o.status)
}

/** The tag colour of a state: waiting on the community gold, in hand red, finished green, ended grey. */
export function statusTone(s: OrderState): Tone {
  switch (s) {
    case 'submitted':
    case 'escalated':
    case 'reopened':
    case 'done':
      return 'gold'
    case 'accepted':
    case 'dispatched':
    case 'published':
    case 'in_progress':
      return 'red'
    case 'confirmed':
    case 'rated':
    case 'closed':
      return 'green'
    default:
      return 'gray'
  }
}

export const COLOUR_SHORT: Record<Colour, string> = { red: '紧急', yellow: '较急', green: '一般' }

const hours = (c: Colour) => DEFAULT_ACCEPT_SLA_MS[c] / 3600_000

/** What each urgency means to the person ordering, with the community's promise in hours. */
export const URGENCY_HELP: Record<Colour, string> = {
  green: `不着急，日常小事。社区${hours('green')}小时内受理。`,
  yellow: `影响正常生活，希望尽快解决。社区${hours('yellow')}小时内受理。`,
  red: `危及安全或健康（漏水漏电、老人无人照料等）。社区${hours('red')}小时内受理。`,
}

export function colourLabel(c: Colour): string {
  return COLOUR_LABELS[c]
}
