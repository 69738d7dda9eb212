import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { GENDER_LABELS, type TenancyDto } from '@linli/shared'
import { confirmTenancy, listProperties, listTenancies, moveOut, verifyTenancy } from '../../../services/tenancy'
import { errorMessage, showErrorToast } from '../../../services/http'
import { HEAD_PAGES, LANDLORD_PAGES, openPage } from '../../../utils/nav'
import { useRemote } from '../../../utils/use-remote'
import { NATIVE_COLORS } from '../../../theme/colors'
import { BigButton, Card, EmptyState, ErrorState, Loading, Screen, StatusTag } from '../../../components'
import { PageHead } from '../shared/page-head'
import { useParams } from '../shared/params'
import { SmallButton } from '../shared/small-button'
import { tenancyTags, todayDate } from '../shared/tenancy-labels'
import './index.css'

function TenantCard({ t, onConfirm, onVerify, onMoveOut }: { t: TenancyDto; onConfirm: () => void; onVerify: () => void; onMoveOut: () => void }) {
  const tags = tenancyTags(t)
  return (
    <Card className={t.status === 'pending' ? 'tenant-card tenant-card--pending' : 'tenant-card'}>
      <View className='tenant-card__top'>
        <View className='tenant-card__name'>
          {t.tenant.name}
          {t.tenant.gender ? <Text className='tenant-card__meta'>{GENDER_LABELS[t.tenant.gender]}</Text> : null}
        </View>
        <Text className='tenant-card__room'>{t.room}</Text>
      </View>
      <View className='tenant-card__line'>身份证 {t.tenant.idNumber ?? '未登记'}</View>
      <View className='tenant-card__line'>手机 {t.tenant.phone ?? '未登记'}{t.tenant.homeRegion ? ` · ${t.tenant.homeRegion}` : ''}</View>
      <View className='tenant-card__line'>
        {t.moveInDate} 入住{t.expectedMoveOutDate ? ` · 预计 ${t.expectedMoveOutDate} 搬离` : ''}
        {t.coResidents.length ? ` · 同住 ${t.coResidents.map((c) => c.name).join('、')}` : ''}
      </View>
      {tags.length ? (
        <View className='tenant-card__tags'>
          {tags.map((tag) => (
            <StatusTag key={tag.label} tone={tag.tone}>{tag.label}</StatusTag>
          ))}
        </View>
      ) : null}
      {t.status === 'pending' ? (
        <View className='tenant-card__actions'>
          <SmallButton primary onClick={onConfirm}>确认登记</SmallButton>
        </View>
      ) : t.status === 'active' ? (
        <View className='tenant-card__actions'>
          <SmallButton primary={t.flags.includes('unverified')} onClick={onVerify}>确认仍在住</SmallButton>
          <SmallButton onClick={onMoveOut}>搬离</SmallButton>
        </View>
      ) : null}
    </Card>
  )
}

export default function HousePage() {
  const { id = '', name = '' } = useParams()
  const [showEnded, setShowEnded] = useState(false)
  const data = useRemote(async (o) => {
    const [houses, tenancies] = await Promise.all([listProperties(o), listTenancies(id, o)])
    return { house: houses.items.find((h) => h.id === id) ?? null, tenancies: tenancies.items }
  })
  usePullDownRefresh(() => {
    void data.load().finally(() => Taro.stopPullDownRefresh())
  })

  async function act(run: () => Promise<unknown>, done: string) {
    try {
      await run()
      void Taro.showToast({ title: done, icon: 'success' })
      void data.load()
    } catch (err) {
      showErrorToast(errorMessage(err))
    }
  }

  async function askMoveOut(t: TenancyDto) {
    const date = todayDate()
    const { confirm } = await Taro.showModal({
      title: `${t.tenant.name} 搬走了？`,
      content: `搬离日期记为今天（${date}）。搬离后不再算这套房的租客，登记信息按规定保存一段时间后自动删除。`,
      confirmText: '已搬离',
      cancelText: '取消',
      confirmColor: NATIVE_COLORS.primary,
    })
    if (confirm) await act(() => moveOut(t.id, date, { toast: false }), '已登记搬离')
  }

  const house = data.data?.house
  const all = data.data?.tenancies ?? []
  const pending = all.filter((t) => t.status === 'pending')
  const active = all.filter((t) => t.status === 'active')
  const ended = all.filter((t) => t.status === 'ended')
  const rooms = house?.rooms ?? [...new Set(active.map((t) => t.room))]

  return (
    <Screen className='house'>
      <PageHead title={house?.address ?? name} subtitle={house ? `${house.gridName} · 在租 ${active.length} 人` : undefined} />
      <View className='button-row'>
        <BigButton onClick={() => openPage(LANDLORD_PAGES.tenantForm, { propertyId: id, name: house?.address ?? name })}>登记租客</BigButton>
        <BigButton variant='secondary' onClick={() => openPage(HEAD_PAGES.invite, { gridId: id, name: house?.address ?? name })}>
          租客二维码
        </BigButton>
      </View>

      {data.data === null ? (
        data.error !== null ? <ErrorState message={data.error} onRetry={() => void data.load()} retrying={data.loading} /> : <Loading />
      ) : (
        <View>
          {pending.length ? (
            <View>
              <View className='section-title'>
                <Text>等你确认</Text>
                <Text className='section-title__extra'>{pending.length} 位扫码登记</Text>
              </View>
              {pending.map((t) => (
                <TenantCard key={t.id} t={t} onConfirm={() => void act(() => confirmTenancy(t.id, { toast: false }), '已确认')} onVerify={() => undefined} onMoveOut={() => undefined} />
              ))}
            </View>
          ) : null}

          {active.length === 0 && pending.length === 0 ? (
            <EmptyState title='还没有租客' description='点“登记租客”填写租客信息；或者让租客扫“租客二维码”自己登记，你再确认。' />
          ) : null}

          {rooms.map((room) => {
            const here = active.filter((t) => t.room === room)
            return (
              <View key={room}>
                <View className='section-title'>
                  <Text>{room} 房间</Text>
                  <Text className='section-title__extra'>{here.length ? `${here.length} 人` : '空着'}</Text>
                </View>
                {here.map((t) => (
                  <TenantCard key={t.id} t={t} onConfirm={() => undefined} onVerify={() => void act(() => verifyTenancy(t.id, { toast: false }), '已核验，谢谢')} onMoveOut={() => void askMoveOut(t)} />
                ))}
              </View>
            )
          })}

          {ended.length ? (
            <View>
              <View className='section-title' onClick={() => setShowEnded(!showEnded)}>
                <Text>已搬离</Text>
                <Text className='section-title__extra'>{showEnded ? '收起' : `${ended.length} 人，点开看`}</Text>
              </View>
              {showEnded ? ended.map((t) => <TenantCard key={t.id} t={t} onConfirm={() => undefined} onVerify={() => undefined} onMoveOut={() => undefined} />) : null}
            </View>
          ) : null}
        </View>
      )}
    </Screen>
  )
}
