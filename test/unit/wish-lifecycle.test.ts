import { cells } from '../../shared/core/flow'
import {
  checkWish,
  decideWishClaim,
  WISH_ACTIONS,
  WISH_CLAIM_ACTIONS,
  WISH_CLAIM_RELATIONS,
  WISH_CLAIM_STATES,
  WISH_CLAIM_TRANSITIONS,
  WISH_RELATIONS,
  WISH_STATES,
  WISH_TRANSITIONS,
  wishActions,
  type WishClaimState,
  type WishState,
} from '../../shared/lifecycles/wish'
import { claimDue, filterKey, filtersOf, settleWish, wishProblems } from '../../shared/wishes/derive'
import type { WishDoc } from '../../shared/wishes/model'
import { claimDeadline, MIN_WISH_CLAIM_MS, WISH_AUTO_CONFIRM_DAYS, WISH_REMIND_BEFORE_MS } from '../../shared/wishes/rules'

// The 微心愿 lifecycle as a person reads it: for each state, who may do what, and where it leads.
// Written out by hand, so that a change to the table in shared/ has to be made twice, on purpose.
const WISH: Record<WishState, string[]> = {
  pending_review: ['approve:communityAdmin', 'return:communityAdmin', 'reject:communityAdmin', 'redact:communityAdmin', 'withdraw:wisher', 'withdraw:communityAdmin'],
  returned: ['resubmit:wisher', 'withdraw:wisher', 'withdraw:communityAdmin'],
  rejected: [],
  open: ['redact:communityAdmin', 'withdraw:wisher', 'withdraw:communityAdmin', 'claim:candidate'],
  claimed: ['cancel:claimer', 'revoke:communityAdmin', 'release:system', 'fulfil:claimer'],
  fulfilled: ['confirm:wisher', 'confirm:gridWorker', 'confirm:system'],
  confirmed: ['thank:wisher', 'thank:gridWorker'],
  withdrawn: [],
}
const WISH_TO: Record<string, string> = {
  resubmit: 'pending_review',
  approve: 'open',
  return: 'returned',
  reject: 'rejected',
  redact: 'derived',
  withdraw: 'withdrawn',
  claim: 'claimed',
  cancel: 'open',
  revoke: 'open',
  release: 'open',
  fulfil: 'fulfilled',
  confirm: 'confirmed',
  thank: 'derived',
}

const CLAIM: Record<WishClaimState, string[]> = {
  claimed: ['fulfil:claimer', 'cancel:claimer', 'revoke:communityAdmin', 'release:system'],
  fulfilled: ['confirm:system'],
  confirmed: [],
  cancelled: [],
  revoked: [],
  released: [],
}
const CLAIM_TO: Record<string, string> = { fulfil: 'fulfilled', cancel: 'cancelled', revoke: 'revoked', release: 'released', confirm: 'confirmed' }

describe('the wish lifecycle (微心愿): every state × action × relation', () => {
  it.each(WISH_STATES.flatMap((s) => WISH_ACTIONS.flatMap((a) => WISH_RELATIONS.map((r) => [s, a, r] as const))))('from %s, %s by %s', (state, action, rel) => {
    const allowed = WISH[state].includes(`${action}:${rel}`)
    const res = checkWish(state, action, [rel])
    expect(res.ok).toBe(allowed)
    if (res.ok) expect([res.to, res.as]).toEqual([WISH_TO[action], rel])
    else expect(res.why).toBe(WISH_STATES.some((s) => WISH[s].includes(`${action}:${rel}`)) ? 'state' : 'actor')
  })

  it('names only real states, and the table and the hand-written list agree cell for cell', () => {
    const fromTable = cells(WISH_TRANSITIONS).map((c) => `${c.from}:${c.action}:${c.relation}`).sort()
    const fromHand = WISH_STATES.flatMap((s) => WISH[s].map((x) => `${s}:${x}`)).sort()
    expect(fromTable).toEqual(fromHand)
  })

  it('offers the buttons the table allows; a wisher who is also the admin gets both', () => {
    expect(wishActions('pending_review', ['communityAdmin'])).toEqual(['approve', 'return', 'reject', 'redact', 'withdraw'])
    expect(wishActions('open', ['candidate'])).toEqual(['claim'])
    expect(wishActions('claimed', ['claimer'])).toEqual(['cancel', 'fulfil'])
    expect(wishActions('claimed', ['candidate', 'wisher'])).toEqual([])
    expect(wishActions('fulfilled', ['gridWorker'])).toEqual(['confirm'])
    expect(wishActions('rejected', [...WISH_RELATIONS])).toEqual([])
    expect(wishActions('withdrawn', [...WISH_RELATIONS])).toEqual([])
  })
})

describe('the wish claim lifecycle: every state × action × relation', () => {
  it.each(WISH_CLAIM_STATES.flatMap((s) => WISH_CLAIM_ACTIONS.flatMap((a) => WISH_CLAIM_RELATIONS.map((r) => [s, a, r] as const))))('from %s, %s by %s', (state, action, rel) => {
    const allowed = CLAIM[state].includes(`${action}:${rel}`)
    const res = decideWishClaim(state, action, rel)
    expect(res.ok).toBe(allowed)
    if (res.ok) expect(res.to).toBe(CLAIM_TO[action])
  })

  it('the table and the hand-written list agree', () => {
    expect(cells(WISH_CLAIM_TRANSITIONS).map((c) => `${c.from}:${c.action}:${c.relation}`).sort()).toEqual(WISH_CLAIM_STATES.flatMap((s) => CLAIM[s].map((x) => `${s}:${x}`)).sort())
  })
})

describe('derived fields', () => {
  const T = new Date('2026-11-23T01:00:00Z')
  const base = (over: Partial<WishDoc> = {}): WishDoc =>
    ({
      _id: 'w1',
      version: 1,
      outbox: [],
      requestKey: 'k',
      streetId: 's1',
      communityId: 'c1',
      gridId: 'c1-g1',
      ownerId: 'o1',
      beneficiary: { name: '张小花', address: '1号楼 101', type: '儿童', ageBand: '6-12岁' },
      title: '一个新书包',
      story: '想要一个新书包',
      category: '学习用品',
      value: 80,
      photoConsent: false,
      photoHidden: false,
      wishedBy: '2026-12-31',
      delivery: 'direct',
      consent: { at: T, by: 'o1' },
      held: false,
      status: 'open',
      points: 10,
      hours: 1,
      claims: [],
      timeline: [],
      approvedAt: T,
      createdAt: T,
      updatedAt: T,
      people: [],
      parties: [],
      ...over,
    }) as WishDoc

  it('a wish on the board answers to every combination of its filters, and only those', () => {
    const w = settleWish(base())
    expect(w.filters).toHaveLength(8)
    expect(w.filters).toContain('all')
    expect(w.filters).toContain(filterKey({ progress: 'open', category: '学习用品', beneficiaryType: '儿童' }))
    expect(w.filters).not.toContain(filterKey({ progress: 'claimed' }))
    expect(filtersOf(w, 'done')).toContain('p=done&b=儿童')
    expect(w.boardRank).toBe(`${T.toISOString()}|w1`)
    expect(settleWish(base({ status: 'pending_review', approvedAt: undefined })).filters).toBeUndefined()
    expect(settleWish(base({ status: 'withdrawn' })).boardRank).toBeUndefined()
  })

  it('the claim deadline is two weeks or the wished-by day, never under four days; reminded 3 days before, released at it', () => {
    expect(claimDeadline(T, '2027-06-01').getTime()).toBe(T.getTime() + 14 * 86400_000)
    expect(claimDeadline(T, '2026-11-23').getTime()).toBe(T.getTime() + MIN_WISH_CLAIM_MS)
    expect(claimDeadline(T, '2026-12-01').toISOString()).toBe('2026-12-01T15:59:59.000Z')
    const c = { openid: 'm', name: '李', as: 'member' as const, status: 'claimed' as const, claimedAt: T, deadline: new Date(T.getTime() + 10 * 86400_000) }
    expect(claimDue(c)!.getTime()).toBe(c.deadline.getTime() - WISH_REMIND_BEFORE_MS)
    expect(claimDue({ ...c, remindedAt: T })!.getTime()).toBe(c.deadline.getTime())
    expect(claimDue({ ...c, status: 'fulfilled' })).toBeUndefined()
  })

  it('a delivered wish waits WISH_AUTO_CONFIRM_DAYS for the confirmation, then the timer is due; nothing once confirmed', () => {
    const c = { openid: 'm', name: '李', as: 'member' as const, status: 'fulfilled' as const, claimedAt: T, deadline: T }
    const w = settleWish(base({ status: 'fulfilled', claims: [c], fulfilledAt: T }))
    expect(WISH_AUTO_CONFIRM_DAYS).toBe(7)
    expect(w.confirmDue!.getTime()).toBe(T.getTime() + 7 * 86400_000)
    expect(w.nextDue).toBeUndefined()
    expect(settleWish(base({ status: 'confirmed', claims: [{ ...c, status: 'confirmed' }], fulfilledAt: T, confirmedAt: T })).confirmDue).toBeUndefined()
    expect(settleWish(base({ status: 'claimed', claims: [{ ...c, status: 'claimed' }] })).confirmDue).toBeUndefined()
  })

  it("credits a delivered wish to the claim that delivered it: the unit's, or the person's; never an ended claim", () => {
    const c = { openid: 'm', name: '李', as: 'member' as const, status: 'fulfilled' as const, claimedAt: T, deadline: T }
    const unit = { openid: 'ua', name: '何', as: 'unit' as const, unitId: 'u1', unitName: '单位', status: 'cancelled' as const, claimedAt: T, deadline: T }
    const delivered = settleWish(base({ status: 'fulfilled', claims: [unit, c], fulfilledAt: T }))
    expect(delivered.credit).toBe('p:m')
    // The unit that let go is still among the parties (我认领的), but the wish is not in its record.
    expect(delivered.parties).toEqual(['p:m', 'p:ua', 'unit:u1'])
    expect(settleWish(base({ status: 'confirmed', claims: [{ ...unit, status: 'confirmed' }], fulfilledAt: T, confirmedAt: T })).credit).toBe('unit:u1')
    expect(settleWish(base({ status: 'claimed', claims: [{ ...c, status: 'claimed' }] })).credit).toBeUndefined()
    expect(settleWish(base({ status: 'open', claims: [{ ...c, status: 'released' }] })).credit).toBeUndefined()
  })

  it('names a wish with two live claims, or a state its claims contradict', () => {
    const c = { openid: 'm', name: '李', as: 'member' as const, status: 'claimed' as const, claimedAt: T, deadline: T }
    expect(wishProblems(settleWish(base({ status: 'claimed', claims: [c] })))).toEqual([])
    expect(wishProblems(settleWish(base({ status: 'claimed', claims: [c, { ...c, openid: 'n' }] })))).toContain('more than one live claim')
    expect(wishProblems(settleWish(base({ status: 'open', claims: [c] })))).toContain('state open with 1 live claims')
    expect(wishProblems({ ...settleWish(base()), progress: 'done' })).toContain('derived progress')
    const f = { ...c, status: 'fulfilled' as const, evidence: { note: '', photos: [], at: T, held: false } }
    const fulfilled = settleWish(base({ status: 'fulfilled', claims: [f], fulfilledAt: T }))
    expect(wishProblems(fulfilled)).toEqual([])
    const { confirmDue: _d, credit: _c, ...stale } = fulfilled
    expect(wishProblems(stale as WishDoc)).toEqual(['derived confirmDue', 'derived credit'])
  })
})
