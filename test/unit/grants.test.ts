// One grant shape per role, each with the scope id that bounds it (shared/roleSchemas.ts).
import { ROLES } from '../../shared/roles'
import { grantSchema, validGrants } from '../../shared/roleSchemas'

const VALID = {
  resident: { role: 'resident', communityId: 'c1' },
  member: { role: 'member', communityId: 'c1', streetId: 's1', unitId: 'u1' },
  volunteer: { role: 'volunteer', communityId: 'c1', streetId: 's1' },
  gridWorker: { role: 'gridWorker', communityId: 'c1', gridId: 'c1-g1' },
  communityAdmin: { role: 'communityAdmin', communityId: 'c1', streetId: 's1' },
  streetAdmin: { role: 'streetAdmin', streetId: 's1' },
  unitAdmin: { role: 'unitAdmin', unitId: 'u1', streetId: 's1' },
  department: { role: 'department', departmentId: 'd1', streetId: 's1' },
  storeVerifier: { role: 'storeVerifier', communityId: 'c1', streetId: 's1' },
} as const

/** The id each role cannot do without. */
const REQUIRED: Record<(typeof ROLES)[number], string[]> = {
  resident: ['communityId'],
  member: ['communityId'],
  volunteer: ['communityId'],
  gridWorker: ['communityId', 'gridId'],
  communityAdmin: ['communityId'],
  streetAdmin: ['streetId'],
  unitAdmin: ['unitId'],
  department: ['departmentId'],
  storeVerifier: ['communityId'],
}

describe('grant shapes', () => {
  it('every role has a shape', () => {
    expect(Object.keys(VALID).sort()).toEqual([...ROLES].sort())
  })

  it.each(ROLES)('a %s grant with its scope passes', (role) => {
    expect(grantSchema.safeParse(VALID[role]).success).toBe(true)
  })

  it.each(ROLES.flatMap((role) => REQUIRED[role].flatMap((key) => [[role, key, undefined], [role, key, ''], [role, key, ' '], [role, key, 7]] as const)))(
    'a %s grant with %s = %j fails',
    (role, key, value) => {
      const g: Record<string, unknown> = { ...VALID[role] }
      if (value === undefined) delete g[key]
      else g[key] = value
      expect(grantSchema.safeParse(g).success).toBe(false)
    },
  )

  it('unknown roles and non-objects fail', () => {
    for (const g of [{ role: 'root', streetId: 's1' }, { streetId: 's1' }, null, 'communityAdmin', []]) expect(grantSchema.safeParse(g).success).toBe(false)
  })

  it('validGrants keeps the good ones, in order, and says what is wrong with the rest', () => {
    const { grants, invalid } = validGrants([VALID.member, { role: 'department' }, VALID.streetAdmin, { role: 'gridWorker', communityId: 'c1' }])
    expect(grants).toEqual([VALID.member, VALID.streetAdmin])
    expect(invalid.map((i) => i.problem)).toEqual([expect.stringContaining('departmentId'), expect.stringContaining('gridId')])
    expect(validGrants(undefined)).toEqual({ grants: [], invalid: [] })
    expect(validGrants({ role: 'streetAdmin', streetId: 's1' }).grants).toEqual([])
  })
})
