import { canClaim, grantCovers, hasRole, isAdminOf } from '../../shared/roles'

describe('scope of a grant', () => {
  const c1Admin = { role: 'communityAdmin' as const, communityId: 'c1', streetId: 's1' }
  const street = { role: 'streetAdmin' as const, streetId: 's1' }
  const grid = { role: 'gridWorker' as const, communityId: 'c1', gridId: 'c1-g1' }

  it.each([
    [c1Admin, { communityId: 'c1', streetId: 's1' }, true],
    [c1Admin, { communityId: 'c2', streetId: 's1' }, false],
    [street, { communityId: 'c2', streetId: 's1' }, true],
    [street, { communityId: 'c3', streetId: 's2' }, false],
    [grid, { communityId: 'c1', gridId: 'c1-g1' }, true],
    [grid, { communityId: 'c1', gridId: 'c1-g2' }, false],
    [{ role: 'department' as const, departmentId: 'd1' }, { communityId: 'c1' }, false],
  ])('%j covers %j: %s', (g, place, want) => {
    expect(grantCovers(g, place)).toBe(want)
  })

  it('admin of a place is the community admin or the street admin above it', () => {
    expect(isAdminOf([c1Admin], { communityId: 'c1', streetId: 's1' })).toBe(true)
    expect(isAdminOf([street], { communityId: 'c1', streetId: 's1' })).toBe(true)
    expect(isAdminOf([grid], { communityId: 'c1', streetId: 's1', gridId: 'c1-g1' })).toBe(false)
    expect(hasRole([grid], 'gridWorker')).toBe(true)
  })

  it('volunteers may not claim 党员-only work; members may', () => {
    const vol = [{ role: 'volunteer' as const, communityId: 'c1' }]
    const mem = [{ role: 'member' as const, communityId: 'c1' }]
    expect(canClaim(vol, 'c1', false)).toBe(true)
    expect(canClaim(vol, 'c1', true)).toBe(false)
    expect(canClaim(mem, 'c1', true)).toBe(true)
    expect(canClaim(mem, 'c2', false)).toBe(false)
  })
})
