// wish — the only file that knows it is a CloudBase function: 微心愿 (issue 9).
import { wishApi } from '../../shared/contracts/wish'
import { action, handle } from '../common/handler'
import { cancelClaim, claim, confirm, fulfil, thank } from './claims'
import { post, resubmit, withdraw } from './post'
import { board, get, mine, wall } from './queries'
import { manage, review, revoke } from './review'
import { wishSweep } from './sweep'

export const main = handle(
  {
    post: action(wishApi.post, post),
    resubmit: action(wishApi.resubmit, resubmit),
    review: action(wishApi.review, review),
    withdraw: action(wishApi.withdraw, withdraw),
    board: action(wishApi.board, board),
    wall: action(wishApi.wall, wall),
    get: action(wishApi.get, get),
    mine: action(wishApi.mine, mine),
    listMine: action(wishApi.listMine, mine),
    manage: action(wishApi.manage, manage),
    claim: action(wishApi.claim, claim),
    cancelClaim: action(wishApi.cancelClaim, cancelClaim),
    revoke: action(wishApi.revoke, revoke),
    fulfil: action(wishApi.fulfil, fulfil),
    confirm: action(wishApi.confirm, confirm),
    thank: action(wishApi.thank, thank),
  },
  { wishSweep },
)
