// 微心愿 end to end through the real handlers: post → review → claim → fulfil → confirm → thank, the
// board with its filters and transparency strip, the fulfilled wall, my wishes and my claims; the admin's
// redaction and revocation audited; 代转交; a unit claiming as a unit; requestKey idempotency.
import { uploadPath } from '../../cloudfunctions/common/files'
import { wishProblems } from '../../shared/wishes/derive'
import { startTestCloud, type TestCloud } from '../support/localCloud'
import { cast, type Cast } from '../support/orders'
import { must, openWish, wishInput } from '../support/wishes'

jest.setTimeout(60_000)

let env: TestCloud
let c: Cast
beforeAll(async () => {
  env = await startTestCloud()
  c = await cast(env)
})
afterAll(() => env.close())

const stored = (id: string) => env.find('wishes', id)

it('post → review → claim → fulfil → confirm with thanks: the donor paid once, every step in the timeline', async () => {
  const photo = env.cloud.emulator.storage.put(uploadPath(c.resident.openid, new Date(env.clock.now()), 'bag.jpg'), Buffer.from('jpeg'), 'image/jpeg')
  const input = wishInput(env, { photo, photoConsent: true, deliveryNote: '周末下午在家' })
  const posted = await must(c.resident.call('wish', 'post', input))
  expect(posted).toMatchObject({ status: 'pending_review', statusLabel: '待审核', contact: { name: '王秀兰', phone: '13811112222' }, deliveryNote: '周末下午在家' })
  // The same request key again: the same wish.
  expect((await must(c.resident.call('wish', 'post', input))).id).toBe(posted.id)
  expect(env.findAll('wishes', { requestKey: input.requestKey })).toHaveLength(1)
  // Not on the board before review.
  expect((await must(c.member.call('wish', 'board', {}))).items.map((x: { id: string }) => x.id)).not.toContain(posted.id)
  expect(await c.member.call('wish', 'get', { wishId: posted.id })).toMatchObject({ ok: false, error: { reason: 'WISH_NOT_FOUND' } })
  // The admins were told; the admin's queue has it.
  expect(env.findAll('notifications', { openid: c.admin.openid, _id: new RegExp(`^wish:${posted.id}:posted`) })).toHaveLength(1)
  const queue = await must(c.admin.call('wish', 'manage', { status: 'pending_review' }))
  expect(queue.items.map((x: { id: string }) => x.id)).toContain(posted.id)

  const approved = await must(c.admin.call('wish', 'review', { wishId: posted.id, decision: 'approve' }))
  expect(approved).toMatchObject({ status: 'open', progress: 'open', progressLabel: '待认领' })
  expect(env.findAll('audit', { targetId: posted.id, action: 'wish.approve' })).toHaveLength(1)

  const board = await must(c.member.call('wish', 'board', { progress: 'open', category: '学习用品' }))
  const card = board.items.find((x: { id: string }) => x.id === posted.id)
  expect(card).toMatchObject({ name: '王*', ageBand: '6-12岁', gridName: '第1网格', communityName: '和平社区' })
  expect(board.stripText).toBe('本月圆梦 0 个心愿')
  expect((await must(c.member.call('wish', 'board', { category: '维修' }))).items).toEqual([])

  const claimed = await must(c.member.call('wish', 'claim', { wishId: posted.id }))
  expect(claimed).toMatchObject({ status: 'claimed', contact: { name: '王秀兰', phone: '13811112222', address: '1号楼 1单元302' }, deliveryNote: '周末下午在家', claim: { as: 'member', me: true } })
  expect(claimed.allowed).toEqual(['cancel', 'fulfil'])
  // A double tap is ok and changes nothing.
  expect(await must(c.member.call('wish', 'claim', { wishId: posted.id }))).toMatchObject({ status: 'claimed' })
  expect(stored(posted.id).claims).toHaveLength(1)
  // Someone else: taken.
  expect(await c.member2.call('wish', 'claim', { wishId: posted.id })).toMatchObject({ ok: false, error: { reason: 'WISH_TAKEN', message: '这个心愿已经有人认领了，去看看其他心愿吧' } })

  const evidence = env.cloud.emulator.storage.put(uploadPath(c.member.openid, new Date(env.clock.now()), 'given.jpg'), Buffer.from('jpeg'), 'image/jpeg')
  const fulfilled = await must(c.member.call('wish', 'fulfil', { wishId: posted.id, note: '书包已送到', photos: [evidence] }))
  expect(fulfilled).toMatchObject({ status: 'fulfilled', evidence: { note: '书包已送到' } })
  expect(await c.member.call('wish', 'confirm', { wishId: posted.id })).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } })

  const done = await must(c.resident.call('wish', 'confirm', { wishId: posted.id, thanks: '谢谢叔叔！' }))
  expect(done).toMatchObject({ status: 'confirmed', progress: 'done', thanks: '谢谢叔叔！' })
  expect(await must(c.resident.call('wish', 'confirm', { wishId: posted.id }))).toMatchObject({ status: 'confirmed' })
  const ledger = env.findAll('ledger', { sourceId: posted.id })
  expect(ledger).toEqual([expect.objectContaining({ _id: `wish:${posted.id}:${c.member.openid}`, openid: c.member.openid, sourceType: 'wish', points: 10, hours: 1 })])

  // Another community's people read their own board, not this one.
  expect(await c.outsider.call('wish', 'wall', { communityId: 'c1' })).toMatchObject({ ok: false, error: { reason: 'OUT_OF_SCOPE' } })
  expect((await must(c.street.call('wish', 'wall', { communityId: 'c1' }))).items.map((x: { id: string }) => x.id)).toContain(posted.id)
  const ownWall = await must(c.volunteer.call('wish', 'wall', {}))
  expect(ownWall.items.find((x: { id: string }) => x.id === posted.id)).toMatchObject({ thanks: '谢谢叔叔！', donor: '党员 李*', name: '王*' })
  expect(ownWall.stripText).toBe('本月圆梦 1 个心愿')
  expect(wishProblems(stored(posted.id))).toEqual([])
  expect(stored(posted.id).outbox).toEqual([])
  expect(stored(posted.id).timeline.map((t: { action: string }) => t.action)).toEqual(['post', 'approve', 'claim', 'fulfil', 'confirm'])

  const mine = await must(c.resident.call('wish', 'mine', { as: 'wisher' }))
  expect(mine.items.map((x: { id: string }) => x.id)).toContain(posted.id)
  const claimedByMe = await must(c.member.call('wish', 'mine', { as: 'claimer' }))
  expect(claimedByMe.items.map((x: { id: string }) => x.id)).toContain(posted.id)
})

it('return with a reason, resubmit, redact (text and photo) and revoke are audited; 代转交 keeps the address from the donor', async () => {
  const w = await must(c.resident.call('wish', 'post', wishInput(env, { title: '想要一副老花镜', beneficiaryType: '老人', ageBand: '80岁及以上', category: '生活物资' })))
  await must(c.admin.call('wish', 'review', { wishId: w.id, decision: 'return', reason: '请写清楚度数' }))
  expect((await must(c.resident.call('wish', 'get', { wishId: w.id })))).toMatchObject({ status: 'returned', returnReason: '请写清楚度数', allowed: ['resubmit', 'withdraw'] })
  const again = wishInput(env, { title: '想要一副300度老花镜', beneficiaryType: '老人', ageBand: '80岁及以上', category: '生活物资' })
  const { requestKey: _k, consent: _c, ...fields } = again
  await must(c.resident.call('wish', 'resubmit', { wishId: w.id, ...fields }))
  const redacted = await must(c.admin.call('wish', 'review', { wishId: w.id, decision: 'redact', story: '老人视力不好，需要一副老花镜。', proxy: true }))
  expect(redacted).toMatchObject({ status: 'pending_review', story: '老人视力不好，需要一副老花镜。', delivery: 'proxy' })
  await must(c.admin.call('wish', 'review', { wishId: w.id, decision: 'approve' }))
  expect(env.findAll('audit', { targetId: w.id }).map((a) => a.action).sort()).toEqual(['wish.approve', 'wish.redact', 'wish.return'])

  const claimed = await must(c.volunteer.call('wish', 'claim', { wishId: w.id }))
  expect(claimed.contact).toBeUndefined()
  expect(claimed.proxyNote).toMatch(/网格员代为转交/)
  expect(claimed.name).toBe('王*')
  expect(JSON.stringify(claimed)).not.toMatch(/1单元302|13811112222|王秀兰/)
  // The grid worker hears of the 代转交.
  expect(env.findAll('notifications', { openid: c.grid.openid, _id: new RegExp(`^wish:${w.id}:claim-proxy`) })).toHaveLength(1)

  await must(c.admin.call('wish', 'revoke', { wishId: w.id, reason: '联系不上认领人' }))
  expect(stored(w.id)).toMatchObject({ status: 'open' })
  expect(stored(w.id).claims[0]).toMatchObject({ status: 'revoked', reason: '联系不上认领人' })
  expect(env.findAll('audit', { targetId: w.id, action: 'wish.revoke' })).toHaveLength(1)
  // The former claimer sees the board card only.
  const after = await must(c.volunteer.call('wish', 'get', { wishId: w.id }))
  expect(after).toMatchObject({ status: 'open', myClaim: 'revoked', allowed: ['claim'] })
  expect(after.contact).toBeUndefined()
  expect(after.proxyNote).toBeUndefined()
})

it('a 共建单位 claims as a unit through its admin; cancel with a reason puts the wish back', async () => {
  const unitAdmin = await env.user({ roles: ['unitAdmin'], unit: 'u1', name: '何文静', street: 's1' })
  const id = await openWish(env, c.resident, c.admin, { title: '想要一台台灯', category: '生活物资' })
  // Not a partner yet: no claim.
  expect(await unitAdmin.call('wish', 'claim', { wishId: id })).toMatchObject({ ok: false })
  env.cloud.emulator.db.insert('unit_registrations', [{ _id: (await import('../../cloudfunctions/org/access')).registrationId('u1', 'c1'), unitId: 'u1', communityId: 'c1', streetId: 's1', status: 'approved', version: 1, outbox: [], timeline: [] }])
  const v = await must(unitAdmin.call('wish', 'claim', { wishId: id }))
  expect(v).toMatchObject({ status: 'claimed', claim: { as: 'unit', name: '区税务局机关党支部', me: true } })
  expect(stored(id).parties).toContain('unit:u1')
  const cancelled = await must(unitAdmin.call('wish', 'cancelClaim', { wishId: id, reason: '单位临时有任务' }))
  expect(cancelled).toMatchObject({ status: 'open', myClaim: 'cancelled' })
  expect(await must(unitAdmin.call('wish', 'cancelClaim', { wishId: id, reason: '单位临时有任务' }))).toMatchObject({ status: 'open' })
  expect(env.findAll('notifications', { openid: c.resident.openid, _id: new RegExp(`^wish:${id}:cancel`) })).toHaveLength(1)
})

it('a grid worker posts for an elder (audited) and confirms receipt for them', async () => {
  const w = await must(c.grid.call('wish', 'post', wishInput(env, { title: '想有人陪我聊聊天', category: '陪伴探访', beneficiaryType: '老人', ageBand: '80岁及以上', onBehalfOf: { name: '李奶奶', phone: '13900001111', buildingId: 'c1-g1-b2', room: '7单元701' } })))
  expect(w).toMatchObject({ onBehalf: true, contact: { name: '李奶奶', address: '2号楼 7单元701' } })
  expect(env.findAll('audit', { targetId: w.id, action: 'wish.post' })).toEqual([expect.objectContaining({ role: 'gridWorker', by: c.grid.openid })])
  await must(c.admin.call('wish', 'review', { wishId: w.id, decision: 'approve' }))
  await must(c.member2.call('wish', 'claim', { wishId: w.id }))
  await must(c.member2.call('wish', 'fulfil', { wishId: w.id, note: '陪奶奶聊了一下午', photos: [env.cloud.emulator.storage.put(uploadPath(c.member2.openid, new Date(env.clock.now()), 'visit.jpg'), Buffer.from('jpeg'), 'image/jpeg')] }))
  await must(c.grid.call('wish', 'confirm', { wishId: w.id }))
  await must(c.grid.call('wish', 'thank', { wishId: w.id, thanks: '奶奶说谢谢你' }))
  expect(stored(w.id)).toMatchObject({ status: 'confirmed', thanks: { text: '奶奶说谢谢你' } })
  expect(env.findAll('ledger', { sourceId: w.id })).toHaveLength(1)
})
