import fs from 'node:fs'
import { DOC, renderPermissions } from '../../scripts/permissions-doc'
import { ORG_PERMISSIONS, rolesOf, type OrgCall } from '../../shared/permissions'
import { orgApi } from '../../shared/contracts/org'

it('docs/permissions.md is the table made from the matrix (regenerate: npx tsx scripts/permissions-doc.ts)', () => {
  expect(fs.readFileSync(DOC, 'utf8')).toBe(renderPermissions())
})

it('every org contract takes its role gate from the matrix, and the matrix names no call without a contract', () => {
  expect(Object.keys(orgApi).sort()).toEqual(Object.keys(ORG_PERMISSIONS).sort())
  for (const call of Object.keys(ORG_PERMISSIONS) as OrgCall[]) expect(orgApi[call].roles).toEqual(rolesOf(call))
})
