import { PROJECT_ACTIONS, PROJECT_RELATIONS, PROJECT_STATES, PROJECT_TRANSITIONS, decideProject, projectActions, type ProjectState } from '../../shared/lifecycles/project'
import {
  UNIT_REG_ACTIONS,
  UNIT_REG_RELATIONS,
  UNIT_REG_STATES,
  UNIT_REG_TRANSITIONS,
  decideUnitReg,
  unitRegActions,
  type UnitRegState,
} from '../../shared/lifecycles/unitRegistration'

// The two org lifecycles as a person reads them: for each state, who may do what, and where it leads.
// Written out by hand, so that a change to a table in shared/ has to be made twice, on purpose.

const UNIT_REG: Record<UnitRegState, string[]> = {
  pending: ['approve:communityAdmin', 'return:communityAdmin', 'withdraw:unitAdmin', 'edit:unitAdmin'],
  approved: ['withdraw:unitAdmin', 'revoke:communityAdmin', 'revoke:streetAdmin', 'edit:unitAdmin'],
  returned: ['resend:unitAdmin'],
  withdrawn: ['resend:unitAdmin'],
  revoked: ['resend:unitAdmin'],
}
const UNIT_REG_TO: Record<string, string> = { resend: 'pending', approve: 'approved', return: 'returned', withdraw: 'withdrawn', revoke: 'revoked', edit: 'derived' }

const PROJECT: Record<ProjectState, string[]> = {
  claimed: ['start:communityAdmin', 'start:unit', 'cancel:communityAdmin', 'cancel:unit'],
  implementing: ['finish:communityAdmin', 'finish:unit', 'cancel:communityAdmin'],
  done: [],
  cancelled: [],
}
const PROJECT_TO: Record<string, string> = { start: 'implementing', finish: 'done', cancel: 'cancelled' }

describe('unit registration lifecycle (共建单位 双报到)', () => {
  it.each(UNIT_REG_STATES.flatMap((s) => UNIT_REG_ACTIONS.flatMap((a) => UNIT_REG_RELATIONS.map((r) => [s, a, r] as const))))('from %s, %s by %s', (state, action, rel) => {
    const allowed = UNIT_REG[state].includes(`${action}:${rel}`)
    const res = decideUnitReg(state, action, [rel])
    expect(res.ok).toBe(allowed)
    if (res.ok) expect([res.to, res.as]).toEqual([UNIT_REG_TO[action], rel])
    else expect(res.why).toBe(UNIT_REG_STATES.some((s) => UNIT_REG[s].includes(`${action}:${rel}`)) ? 'state' : 'actor')
  })

  it('offers the buttons the table allows, and names only real states', () => {
    expect(unitRegActions('pending', ['communityAdmin'])).toEqual(['approve', 'return'])
    expect(unitRegActions('returned', ['unitAdmin', 'communityAdmin'])).toEqual(['resend'])
    expect(unitRegActions('revoked', ['communityAdmin', 'streetAdmin'])).toEqual([])
    for (const t of Object.values(UNIT_REG_TRANSITIONS)) for (const from of Object.values(t.by)) expect(from!.every((s) => (UNIT_REG_STATES as readonly string[]).includes(s))).toBe(true)
  })
})

describe('project lifecycle (项目清单: 认领 → 实施 → 完成)', () => {
  it.each(PROJECT_STATES.flatMap((s) => PROJECT_ACTIONS.flatMap((a) => PROJECT_RELATIONS.map((r) => [s, a, r] as const))))('from %s, %s by %s', (state, action, rel) => {
    const allowed = PROJECT[state].includes(`${action}:${rel}`)
    const res = decideProject(state, action, [rel])
    expect(res.ok).toBe(allowed)
    if (res.ok) expect([res.to, res.as]).toEqual([PROJECT_TO[action], rel])
    else expect(res.why).toBe(PROJECT_STATES.some((s) => PROJECT[s].includes(`${action}:${rel}`)) ? 'state' : 'actor')
  })

  it('done and cancelled are final; several relations pick the first that may', () => {
    expect(projectActions('done', ['communityAdmin', 'unit'])).toEqual([])
    expect(projectActions('implementing', ['unit'])).toEqual(['finish'])
    expect(decideProject('implementing', 'cancel', ['unit', 'communityAdmin'])).toEqual({ ok: true, to: 'cancelled', as: 'communityAdmin' })
    for (const t of Object.values(PROJECT_TRANSITIONS)) for (const from of Object.values(t.by)) expect(from!.every((s) => (PROJECT_STATES as readonly string[]).includes(s))).toBe(true)
  })
})
