import { cells } from '../../shared/core/flow'
import {
  decideRegistration,
  registrationActions,
  REGISTRATION_ACTIONS,
  REGISTRATION_RELATIONS,
  REGISTRATION_STATES,
  REGISTRATION_TRANSITIONS,
  type RegistrationState,
} from '../../shared/lifecycles/registration'
import { alreadyDid, canRead, effectsOf, grantOf, relationsTo, type RegistrationDoc } from '../../shared/members/model'

// The lifecycle as a person reads it, written out by hand so that a change to the table has to be made
// twice, on purpose: for each state, who may do what.
const EXPECTED: Record<RegistrationState, string[]> = {
  pending: ['approve:communityAdmin', 'return:communityAdmin', 'withdraw:person'],
  approved: ['withdraw:person', 'revoke:communityAdmin', 'revoke:system'],
  returned: ['resend:person', 'withdraw:person'],
  withdrawn: ['resend:person'],
  revoked: ['resend:person'],
}
const NEXT: Record<string, RegistrationState> = { resend: 'pending', approve: 'approved', return: 'returned', withdraw: 'withdrawn', revoke: 'revoked' }

describe('registration lifecycle table', () => {
  it.each(REGISTRATION_STATES.flatMap((s) => REGISTRATION_ACTIONS.flatMap((a) => REGISTRATION_RELATIONS.map((r) => [s, a, r] as const))))('from %s, %s by %s', (state, action, relation) => {
    const allowed = EXPECTED[state].includes(`${action}:${relation}`)
    const res = decideRegistration(state, action, [relation])
    expect(res.ok).toBe(allowed)
    if (res.ok) {
      expect(res.as).toBe(relation)
      expect(res.to).toBe(NEXT[action])
    } else {
      const somewhere = REGISTRATION_STATES.some((s) => EXPECTED[s].includes(`${action}:${relation}`))
      expect(res.why).toBe(somewhere ? 'state' : 'actor')
    }
  })

  it('names every cell once and no state that does not exist', () => {
    const all = cells(REGISTRATION_TRANSITIONS)
    expect(all).toHaveLength(Object.values(EXPECTED).flat().length)
    for (const c of all) expect(REGISTRATION_STATES).toContain(c.from)
  })

  it('offers the buttons of the table', () => {
    expect(registrationActions('pending', ['communityAdmin'])).toEqual(['approve', 'return'])
    expect(registrationActions('returned', ['person'])).toEqual(['resend', 'withdraw'])
    expect(registrationActions('approved', ['person', 'communityAdmin'])).toEqual(['withdraw', 'revoke'])
    expect(registrationActions('withdrawn', [])).toEqual([])
  })
})

describe('registration policy', () => {
  const at = new Date('2026-11-23T01:00:00Z')
  const reg = {
    _id: 'r1',
    openid: 'p1',
    type: 'member',
    status: 'pending',
    version: 3,
    communityId: 'c1',
    streetId: 's1',
    unitId: 'u1',
    timeline: [],
  } as unknown as RegistrationDoc

  it('relations: the person and the admins of its community only', () => {
    expect(relationsTo(reg, { openid: 'p1', grants: [] })).toEqual(['person'])
    expect(relationsTo(reg, { openid: 'a', grants: [{ role: 'communityAdmin', communityId: 'c1' }] })).toEqual(['communityAdmin'])
    expect(relationsTo(reg, { openid: 'a', grants: [{ role: 'communityAdmin', communityId: 'c2' }] })).toEqual([])
    expect(relationsTo(reg, { openid: 'a', grants: [{ role: 'streetAdmin', streetId: 's1' }] })).toEqual([])
  })

  it('readers: street admins of its street; unit admins of its unit once approved', () => {
    expect(canRead(reg, { openid: 'a', grants: [{ role: 'streetAdmin', streetId: 's1' }] })).toBe(true)
    expect(canRead(reg, { openid: 'a', grants: [{ role: 'streetAdmin', streetId: 's2' }] })).toBe(false)
    expect(canRead(reg, { openid: 'a', grants: [{ role: 'unitAdmin', unitId: 'u1' }] })).toBe(false)
    expect(canRead({ ...reg, status: 'approved' }, { openid: 'a', grants: [{ role: 'unitAdmin', unitId: 'u1' }] })).toBe(true)
    expect(canRead({ ...reg, status: 'approved' }, { openid: 'a', grants: [{ role: 'unitAdmin', unitId: 'u2' }] })).toBe(false)
  })

  it('approval writes the grant with the version after the move; withdrawal of an approved one takes it away', () => {
    expect(grantOf(reg)).toEqual({ role: 'member', communityId: 'c1', streetId: 's1', unitId: 'u1' })
    const approve = effectsOf(reg, 'approve', { openid: 'a', role: 'communityAdmin' }, at)
    expect(approve.map((e) => e.kind)).toEqual(['grant', 'notice', 'audit'])
    expect(approve[0]).toMatchObject({ op: 'add', openid: 'p1', source: 'r1', seq: 4 })
    expect(effectsOf({ ...reg, status: 'approved', version: 7 }, 'withdraw', { openid: 'p1', role: 'person' }, at)).toEqual([expect.objectContaining({ kind: 'grant', op: 'remove', seq: 8 })])
    expect(effectsOf(reg, 'withdraw', { openid: 'p1', role: 'person' }, at)).toEqual([])
    expect(effectsOf({ ...reg, status: 'approved' }, 'revoke', { openid: 'system', role: 'system' }, at).map((e) => e.kind)).toEqual(['grant', 'audit'])
  })

  it('a repeat is recognised only for the same caller’s move that left it where it is', () => {
    const done = { ...reg, status: 'approved' as const, timeline: [{ at, by: 'a', role: 'communityAdmin' as const, action: 'approve' as const, from: 'pending' as const, to: 'approved' as const }] }
    expect(alreadyDid(done, 'approve', 'a')).toBe(true)
    expect(alreadyDid(done, 'approve', 'b')).toBe(false)
    expect(alreadyDid(done, 'return', 'a')).toBe(false)
  })
})
