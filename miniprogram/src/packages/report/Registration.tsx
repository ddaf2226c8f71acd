// One registration as a card: who, where, what they offer, its state and the reason of a return.
import { View } from '@tarojs/components'
import type { RegistrationView } from '@shared/contracts/member'
import { PhoneLink, Tag } from '../../components'
import { slotsLine, STATE_TONE, stateLabel, typeLabel } from './labels'

const HELD: Record<string, string> = { promise: '承诺服务事项', branch: '所在党组织', unitName: '工作单位' }

export function RegistrationCard({ r, admin }: { r: RegistrationView; admin?: boolean }) {
  const line = (label: string, value?: string | JSX.Element) =>
    value ? (
      <View className='report-line'>
        <View className='report-line__label'>{label}</View>
        {value}
      </View>
    ) : null
  return (
    <View className='report-card' id={`registration-${r.id}`}>
      <View className='report-card__head'>
        <View className='report-card__title'>{admin ? r.realName : typeLabel(r.type)}</View>
        <Tag tone={STATE_TONE[r.status]} solid={r.status === 'approved'}>
          {stateLabel(r.status)}
        </Tag>
      </View>
      {admin && line('类型', typeLabel(r.type))}
      {line('社区', [r.communityName, r.gridName, r.buildingName].filter(Boolean).join(' · '))}
      {admin && r.phone && line('手机号', <PhoneLink phone={r.phone} name={r.realName} />)}
      {line('工作单位', r.unitName)}
      {line('所在党组织', r.branch)}
      {line('技能特长', r.skills.join('、'))}
      {line('可服务时间', slotsLine(r.availability))}
      {line('承诺服务', r.promise)}
      {r.held.length > 0 && <View className='report-held'>{r.held.map((f) => HELD[f] ?? f).join('、')}正在人工复核，复核前不对外展示。</View>}
      {r.reason && (r.status === 'returned' || r.status === 'revoked') && (
        <View className='report-reason' id='registration-reason'>
          {r.status === 'returned' ? '退回原因：' : '撤销原因：'}
          {r.reason}
        </View>
      )}
    </View>
  )
}

/** 亮身份: the badge an approved party member shows where they act. */
export function MemberBadge() {
  return (
    <View className='report-badge' id='member-badge'>
      ☭ 共产党员
    </View>
  )
}
