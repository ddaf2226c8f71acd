// One wish, as the server let this caller see it: the board's masked card for most people; the contact,
// address and delivery instructions only for the wisher's side and the live claimer of a direct delivery
// (with 代转交, where to bring the gift instead). The buttons come from view.allowed; destructive moves
// ask first, and moves that need words open a sheet.
import Taro, { useRouter } from '@tarojs/taro'
import { Image, View } from '@tarojs/components'
import { FOCUSABLE } from '../../../components/a11y'
import { useEffect, useState } from 'react'
import type { WishView } from '@shared/contracts/wish'
import type { WishAction } from '@shared/lifecycles/wish'
import { api } from '../../../api/client'
import { Button, Card, PageContainer, PhoneLink, PhotoPicker, Sheet, SheetFoot, Skeleton, Tag, TextAreaField, TextField, tappable, type Photo } from '../../../components'
import { gate } from '../../../hooks/gate'
import { useAsync } from '../../../hooks/useAsync'
import { useAuthedSession } from '../../../hooks/session'
import { usePullRefresh } from '../../../hooks/usePullRefresh'
import { useShowRefresh } from '../../../hooks/useShowRefresh'
import { confirmModal } from '../../../utils/forms'
import { formatDateTime, fromNow } from '../../../utils/time'
import { run, WISH_POST, WishStatus } from '../common'
import '../wish.css'

type SheetKind = 'cancel' | 'revoke' | 'return' | 'reject' | 'fulfil' | 'confirm' | 'thank' | 'redact'

const BUTTONS: Partial<Record<WishAction, { text: string; type: 'primary' | 'default' | 'danger' | 'gold' }>> = {
  claim: { text: '认领这个心愿', type: 'primary' },
  fulfil: { text: '已送达，上传凭证', type: 'primary' },
  confirm: { text: '确认收到', type: 'primary' },
  thank: { text: '写感谢留言', type: 'gold' },
  approve: { text: '审核通过', type: 'primary' },
  redact: { text: '编辑隐私信息', type: 'default' },
  return: { text: '退回修改', type: 'default' },
  reject: { text: '不予通过', type: 'danger' },
  cancel: { text: '取消认领', type: 'danger' },
  revoke: { text: '撤销认领', type: 'danger' },
  withdraw: { text: '撤回心愿', type: 'danger' },
  resubmit: { text: '修改后重新提交', type: 'primary' },
}

export default function WishDetail() {
  const session = useAuthedSession()
  const id = useRouter().params?.id ?? ''
  const ready = session.status === 'ready' && !!id
  const wish = useAsync(() => api.wish.get({ wishId: id }), [id], ready)
  const [view, setView] = useState<WishView | undefined>()
  useEffect(() => setView(wish.data), [wish.data])
  usePullRefresh(wish.reload)
  useShowRefresh(wish.reload, ready)
  const [sheet, setSheet] = useState<SheetKind>()

  async function act(a: WishAction) {
    if (!view) return
    const wishId = view.id
    if (a === 'claim') {
      const ok = await confirmModal({ title: '认领心愿', content: '认领后请在期限内帮助实现（一般14天，到期前3天提醒），到期未实现会释放给其他人。确定认领吗？', confirmText: '认领' })
      if (!ok) return
      const v = await run(() => api.wish.claim({ wishId }), '认领成功')
      if (v) setView(v)
      return
    }
    if (a === 'approve') {
      if (!(await confirmModal({ title: '审核通过', content: '通过后心愿（隐去个人信息）将发布到心愿墙。', confirmText: '通过' }))) return
      const v = await run(() => api.wish.review({ wishId, decision: 'approve' }), '已发布')
      if (v) setView(v)
      return
    }
    if (a === 'resubmit') {
      void Taro.navigateTo({ url: `${WISH_POST}?id=${encodeURIComponent(wishId)}` })
      return
    }
    if (a === 'withdraw') {
      if (!(await confirmModal({ title: '撤回心愿', content: '撤回后心愿将从心愿墙移除，不能恢复。确定撤回吗？', confirmText: '撤回', danger: true }))) return
      const v = await run(() => api.wish.withdraw({ wishId }), '已撤回')
      if (v) setView(v)
      return
    }
    setSheet(a as SheetKind)
  }

  return (
    <PageContainer {...gate(session, ready, wish)} hasData={!!view} skeleton={<Skeleton rows={6} />} empty={session.status === 'ready' && !id} emptyProps={{ mark: '愿', title: '没有指定心愿' }}>
      {view && (
        <View id='wish-detail'>
          <WishBody view={view} />
          <View className='wish-actions' id='wish-actions'>
            {view.allowed.map((a) =>
              BUTTONS[a] ? (
                <Button key={a} type={BUTTONS[a]!.type} onClick={() => void act(a)}>
                  {BUTTONS[a]!.text}
                </Button>
              ) : null,
            )}
          </View>
          {sheet && (
            <MoveSheet
              kind={sheet}
              view={view}
              onClose={() => setSheet(undefined)}
              onDone={(v) => {
                setSheet(undefined)
                setView(v)
              }}
            />
          )}
        </View>
      )}
    </PageContainer>
  )
}

function Kv({ k, v }: { k: string; v?: string | number | JSX.Element }) {
  if (v === undefined || v === '') return null
  return (
    <View className='wish-kv'>
      <View className='wish-kv__k'>{k}</View>
      <View>{v}</View>
    </View>
  )
}

function WishBody({ view: v }: { view: WishView }) {
  return (
    <View>
      <Card title={v.title} extra={<WishStatus status={v.status} label={v.statusLabel} />}>
        <View className='wish-card__tags'>
          <Tag tone='red'>{v.category}</Tag>
          <Tag tone='gray'>{v.beneficiaryType}</Tag>
          <Tag tone='gray'>{v.ageBand}</Tag>
          {v.delivery === 'proxy' && <Tag tone='gold'>网格员代转交</Tag>}
        </View>
        {v.photo && <Image className='wish-detail__photo' src={v.photo} mode='aspectFill' nativeProps={{ alt: '心愿照片' }} {...tappable('button', '查看心愿照片大图')} onClick={() => void Taro.previewImage({ urls: [v.photo!] })} />}
        {v.photoHidden && <View className='wish-note'>照片已隐藏，不在心愿墙显示</View>}
        <View className='wish-detail__story'>{v.story}</View>
        <Kv k='心愿人' v={v.name} />
        <Kv k='所在' v={[v.communityName, v.gridName].filter(Boolean).join(' · ')} />
        <Kv k='估计价值' v={`${v.value}元`} />
        <Kv k='期望实现' v={v.wishedBy} />
        <Kv k='发布' v={fromNow(v.createdAt)} />
        {v.donor && <Kv k='圆梦人' v={v.donor} />}
        {v.thanks && <View className='wish-card__thanks'>感谢留言：“{v.thanks}”</View>}
        {v.returnReason && v.status === 'returned' && <View className='wish-note wish-note--warn'>退回原因：{v.returnReason}</View>}
      </Card>
      {(v.contact || v.proxyNote || v.deliveryNote) && (
        <Card title='送达信息' className='wish-contact'>
          {v.contact && (
            <>
              <Kv k='姓名' v={v.contact.name} />
              <Kv k='电话' v={v.contact.phone ? <PhoneLink phone={v.contact.phone} name={v.contact.name} /> : undefined} />
              <Kv k='地址' v={v.contact.address} />
            </>
          )}
          {v.deliveryNote && <View className='wish-note'>送达说明：{v.deliveryNote}</View>}
          {v.proxyNote && <View className='wish-note'>{v.proxyNote}</View>}
          <View className='wish-note'>以上信息仅用于送达心愿，请勿外传。</View>
        </Card>
      )}
      {v.claim && (
        <Card title='认领情况'>
          <Kv k='认领人' v={`${v.claim.name}${v.claim.me ? '（我）' : ''}`} />
          <Kv k='电话' v={v.claim.phone ? <PhoneLink phone={v.claim.phone} name={v.claim.name} /> : undefined} />
          <Kv k='状态' v={v.claim.statusLabel} />
          <Kv k='认领期限' v={formatDateTime(v.claim.deadline)} />
        </Card>
      )}
      {v.evidence && (
        <Card title='实现凭证'>
          <View className='wish-detail__story'>{v.evidence.note}</View>
          <View className='wish-photos'>
            {v.evidence.photos.map((u) => (
              <Image key={u} className='wish-photos__img' src={u} mode='aspectFill' nativeProps={{ alt: '圆梦照片' }} {...tappable('button', '查看圆梦照片大图')} onClick={() => void Taro.previewImage({ urls: v.evidence!.photos, current: u })} />
            ))}
          </View>
        </Card>
      )}
      <Card title='进度'>
        {v.timeline.map((t, i) => (
          <View className='wish-timeline__item' key={i}>
            <View className='wish-timeline__head'>
              <View>
                {t.label}
                {t.byRole ? ` · ${t.byRole}` : ''}
              </View>
              <View className='wish-timeline__at'>{fromNow(t.at)}</View>
            </View>
            {t.note && <View className='wish-timeline__note'>{t.note}</View>}
          </View>
        ))}
      </Card>
    </View>
  )
}

const SHEETS: Record<SheetKind, { title: string; ok: string; label?: string; confirm?: string }> = {
  cancel: { title: '取消认领', ok: '取消认领', label: '取消原因', confirm: '取消后心愿会回到心愿墙，由其他人认领。确定取消吗？' },
  revoke: { title: '撤销认领', ok: '撤销', label: '撤销原因', confirm: '撤销后认领人将不能再看到联系方式，心愿回到心愿墙。确定撤销吗？' },
  return: { title: '退回修改', ok: '退回', label: '退回原因' },
  reject: { title: '不予通过', ok: '不予通过', label: '原因', confirm: '不予通过后心愿不能再提交。确定吗？' },
  fulfil: { title: '提交实现凭证', ok: '提交' },
  confirm: { title: '确认收到', ok: '确认收到' },
  thank: { title: '感谢留言', ok: '发送' },
  redact: { title: '编辑隐私信息', ok: '保存' },
}

function MoveSheet({ kind, view, onClose, onDone }: { kind: SheetKind; view: WishView; onClose: () => void; onDone: (v: WishView) => void }) {
  const spec = SHEETS[kind]
  const [text, setText] = useState('')
  const [title, setTitle] = useState(view.title)
  const [story, setStory] = useState(view.story)
  const [hidePhoto, setHidePhoto] = useState(!!view.photoHidden)
  const [proxy, setProxy] = useState(view.delivery === 'proxy')
  const [photos, setPhotos] = useState<Photo[]>([])
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)
  const wishId = view.id

  async function ok() {
    if (spec.label && !text.trim()) return setError(`请填写${spec.label}`)
    if (kind === 'fulfil' && (!text.trim() || !photos.length)) return setError('请写明实现情况并上传至少1张照片')
    if (kind === 'thank' && !text.trim()) return setError('请填写感谢留言')
    if (spec.confirm && !(await confirmModal({ title: spec.title, content: spec.confirm, confirmText: spec.ok, danger: true }))) return
    setBusy(true)
    const t = text.trim()
    const call =
      kind === 'cancel'
        ? () => api.wish.cancelClaim({ wishId, reason: t })
        : kind === 'revoke'
          ? () => api.wish.revoke({ wishId, reason: t })
          : kind === 'return' || kind === 'reject'
            ? () => api.wish.review({ wishId, decision: kind, reason: t })
            : kind === 'fulfil'
              ? () => api.wish.fulfil({ wishId, note: t, photos: photos.map((p) => p.fileID) })
              : kind === 'confirm'
                ? () => api.wish.confirm({ wishId, ...(t ? { thanks: t } : {}) })
                : kind === 'thank'
                  ? () => api.wish.thank({ wishId, thanks: t })
                  : () => api.wish.review({ wishId, decision: 'redact', title, story, hidePhoto, proxy })
    const v = await run(call, '已完成')
    setBusy(false)
    if (v) onDone(v)
  }

  return (
    <Sheet open title={spec.title} id={`sheet-${kind}`} onClose={onClose} footer={<SheetFoot busy={busy} onCancel={onClose} onOk={() => void ok()} okText={spec.ok} />}>
      {spec.label && <TextAreaField name='reason' label={spec.label} required value={text} maxlength={200} rows={3} error={error} onChange={setText} />}
      {kind === 'fulfil' && (
        <>
          <TextAreaField name='note' label='实现情况' required value={text} maxlength={200} rows={3} placeholder='如：书包已亲手交给孩子' error={error} onChange={setText} />
          <PhotoPicker id='field-evidence' value={photos} onChange={setPhotos} />
        </>
      )}
      {(kind === 'confirm' || kind === 'thank') && <TextAreaField name='thanks' label='感谢留言' required={kind === 'thank'} value={text} maxlength={100} rows={3} placeholder='对帮您圆梦的人说句话（选填）' error={error} onChange={setText} />}
      {kind === 'redact' && (
        <>
          <TextField name='title' label='心愿标题' maxlength={20} value={title} onChange={setTitle} />
          <TextAreaField name='story' label='心愿故事' maxlength={300} rows={4} value={story} onChange={setStory} />
          <View className='wish-consent' id='redact-hide-photo' role='checkbox' aria-checked={hidePhoto ? 'true' : 'false'} {...FOCUSABLE} onClick={() => setHidePhoto(!hidePhoto)}>
            <View aria-hidden='true' className={`wish-consent__box${hidePhoto ? ' wish-consent__box--on' : ''}`}>{hidePhoto ? '✓' : ''}</View>
            <View>隐藏照片（不在心愿墙显示）</View>
          </View>
          <View className='wish-consent' id='redact-proxy' role='checkbox' aria-checked={proxy ? 'true' : 'false'} {...FOCUSABLE} onClick={() => setProxy(!proxy)}>
            <View aria-hidden='true' className={`wish-consent__box${proxy ? ' wish-consent__box--on' : ''}`}>{proxy ? '✓' : ''}</View>
            <View>改为网格员代转交（认领人不会知道住址）</View>
          </View>
        </>
      )}
    </Sheet>
  )
}
