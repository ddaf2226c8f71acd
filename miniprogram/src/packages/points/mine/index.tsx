// 我的积分: balance, service hours, the star level with progress to the next, and the ledger history;
// the 志愿服务记录 with its verification code and its PDF to download; links to 爱心超市 and 排行榜.
import Taro, { useReachBottom } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { useState } from 'react'
import type { ServiceRecordView } from '@shared/contracts/points'
import { api } from '../../../api/client'
import { toApiError } from '../../../api/errors'
import { Button, Card, LoadMore, PageContainer, Skeleton } from '../../../components'
import { gate } from '../../../hooks/gate'
import { useAsync } from '../../../hooks/useAsync'
import { useAuthedSession } from '../../../hooks/session'
import { usePaged } from '../../../hooks/usePaged'
import { usePullRefresh } from '../../../hooks/usePullRefresh'
import { day, POINTS_ROUTES, signed } from '../common'
import { openGeneratedFile } from '../../../utils/download'
import '../points.css'

export default function MyPoints() {
  const session = useAuthedSession()
  const ready = session.status === 'ready'
  const balance = useAsync(() => api.points.balance({}), [], ready)
  const history = usePaged((cursor) => api.points.history({ cursor, size: 20 }), [], ready)
  const [record, setRecord] = useState<ServiceRecordView>()
  const [pdfBusy, setPdfBusy] = useState(false)
  const [pdfError, setPdfError] = useState('')
  usePullRefresh(async () => {
    await Promise.all([balance.reload(), history.reload()])
  })
  useReachBottom(() => void history.loadMore())
  const b = balance.data

  async function showRecord() {
    try {
      setRecord(await api.points.record({}))
    } catch (e) {
      Taro.showToast({ title: (e as Error).message || '操作失败，请稍后再试', icon: 'none' })
    }
  }

  /**
   * 下载PDF: the server writes the record as a PDF and answers a link valid for an hour. h5 downloads it
   * through the browser; the mini-program downloads it and opens it in WeChat's viewer (to print or send on).
   */
  async function downloadPdf() {
    if (pdfBusy) return
    setPdfBusy(true)
    setPdfError('')
    try {
      const out = await api.points.recordPdf({})
      try {
        await openGeneratedFile(out, 'pdf')
      } catch {
        setPdfError('PDF下载失败，请检查网络后重试')
        return
      }
      void Taro.showToast({ title: '已生成PDF', icon: 'success' })
    } catch (e) {
      setPdfError(toApiError(e).message || 'PDF生成失败，请稍后再试')
    } finally {
      setPdfBusy(false)
    }
  }

  return (
    <PageContainer {...gate(session, ready, balance)} hasData={!!b} skeleton={<Skeleton rows={6} />}>
      {b && (
        <View className='pts-head' id='points-balance'>
          <View>可用积分</View>
          <View className='pts-head__points'>{b.points}</View>
          <View className='pts-head__row'>
            <View>服务时长 {b.hours} 小时</View>
            <View>
              {b.star.label}
              {b.star.nextLabel ? ` · 距${b.star.nextLabel}还差${b.star.toNext}小时` : ''}
            </View>
          </View>
          <View className='pts-bar'>
            <View className='pts-bar__fill' style={{ width: `${Math.round(b.star.progress * 100)}%` }} />
          </View>
        </View>
      )}
      <View className='pts-links'>
        <Button type='gold' onClick={() => void Taro.navigateTo({ url: POINTS_ROUTES.store })}>爱心超市</Button>
        <Button onClick={() => void Taro.navigateTo({ url: POINTS_ROUTES.ranking })}>排行榜</Button>
        <Button onClick={() => void showRecord()}>志愿服务记录</Button>
      </View>
      {record && (
        <Card title='志愿服务记录' extra={`验证码 ${record.code}`}>
          <View className='pts-item__sub'>
            {record.name} · {record.communityName} · 累计 {record.confirmedHours} 小时 · {record.star.label}
          </View>
          {record.items.map((it, i) => (
            <View key={i} className='pts-item'>
              <View>
                <View className='pts-item__note'>{it.note}</View>
                <View className='pts-item__sub'>
                  {it.date} · {it.org}
                  {it.flagged ? ' · 管理员补录' : ''}
                </View>
              </View>
              <View>{it.hours} 小时</View>
            </View>
          ))}
          <View className='pts-item__sub'>任何人无需登录，可凭验证码查验本记录的真实性。</View>
          <View className='pts-record-actions'>
            <Button className='record-pdf' type='primary' loading={pdfBusy} onClick={() => void downloadPdf()}>
              {pdfBusy ? '正在生成…' : '下载PDF'}
            </Button>
            <Button className='record-verify-link' onClick={() => void Taro.navigateTo({ url: `${POINTS_ROUTES.verify}?code=${encodeURIComponent(record.code)}` })}>
              记录核验
            </Button>
          </View>
          {pdfError && (
            <View className='pts-record-error' id='record-pdf-error' role='alert'>
              {pdfError}
            </View>
          )}
        </Card>
      )}
      <View className='pts-list' id='points-history'>
        {history.items.length === 0 && history.loaded && <View className='pts-item__sub'>还没有积分记录，参与服务、完成微心愿都可获得积分。</View>}
        {history.items.map((e) => (
          <View key={e.id} className='pts-item'>
            <View>
              <View className='pts-item__note'>{e.note}</View>
              <View className='pts-item__sub'>
                {day(e.at)}
                {e.hours ? ` · ${e.hours} 小时` : ''}
                {e.cappedLabel ? ` · ${e.cappedLabel}` : ''}
                {e.flagged ? ' · 管理员调整' : ''}
              </View>
            </View>
            <View className={e.points >= 0 ? 'pts-plus' : 'pts-minus'}>{signed(e.points)}</View>
          </View>
        ))}
        <LoadMore count={history.items.length} hasMore={history.hasMore} loading={history.loadingMore} error={history.moreError} onMore={() => void history.loadMore()} />
      </View>
    </PageContainer>
  )
}
