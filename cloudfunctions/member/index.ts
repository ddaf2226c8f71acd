// member — the only file that knows it is a CloudBase function.
import { memberApi } from '../../shared/contracts/member'
import { action, handle } from '../common/handler'
import { login } from './login'
import { orgTree } from './orgTree'
import { profile, updateProfile } from './profile'

export const main = handle({
  login: action(memberApi.login, login),
  profile: action(memberApi.profile, profile),
  updateProfile: action(memberApi.updateProfile, updateProfile),
  orgTree: action(memberApi.orgTree, orgTree),
})
