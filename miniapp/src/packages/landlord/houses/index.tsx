import { Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import type { PropertyDto } from '@linli/shared'
import { listProperties } from '../../../services/tenancy'
import { LANDLORD_PAGES, openPage } from '../../../utils/nav'
import { useRemote } from '../../../utils/use-remote'
import { BigButton, Card, EmptyState, ErrorState, Loading, Screen, StatusTag } from '../../../components'
import { PageHead } from '../shared/page-head'
import './index.css'

function HouseCard({ house }: { house: PropertyDto }) {
  return (
    <Card className='house-card' onClick={() => openPage(LANDLORD_PAGES.house, { id: house.id, name: house.address })}>
      <View className='house-card__top'>
        <View className='house-card__address'>{house.address}</View>
        <Text className='house-card__arrow'>›</Text>
      </View>
      <View className='house-card__grid'>{house.gridName} · {house.rooms.length} 个房间</View>
      <View className='house-card__counts'>
        <View className='house-card__count'>
          <Text className='house-card__number'>{house.activeCount}</Text>
          <Text className='house-card__label'>在租</Text>
        </View>
        <View className='house-card__count'>
          <Text className={house.pendingCount > 0 ? 'house-card__number house-card__number--warn' : 'house-card__number'}>{house.pendingCount}</Text>
          <Text className='house-card__label'>待确认</Text>
        </View>
        <View className='house-card__count'>
          <Text className={house.flaggedCount > 0 ? 'house-card__number house-card__number--warn' : 'house-card__number'}>{house.flaggedCount}</Text>
          <Text className='house-card__label'>需核验</Text>
        </View>
      </View>
      {house.pendingCount > 0 ? (
        <View className='house-card__tags'>
          <StatusTag tone='warn'>有 {house.pendingCount} 位租客扫码登记，等你确认</StatusTag>
        </View>
      ) : null}
    </Card>
  )
}

export default function HousesPage() {
  const houses = useRemote((o) => listProperties(o))
  usePullDownRefresh(() => {
    void houses.load().finally(() => Taro.stopPullDownRefresh())
  })

  const items = houses.data?.items ?? []
  const tenants = items.reduce((n, h) => n + h.activeCount, 0)

  return (
    <Screen className='houses'>
      <PageHead title='我的出租房' subtitle={houses.data ? `${items.length} 套房，在租 ${tenants} 人` : undefined} />
      {houses.data === null ? (
        houses.error !== null ? <ErrorState message={houses.error} onRetry={() => void houses.load()} retrying={houses.loading} /> : <Loading />
      ) : items.length === 0 ? (
        <EmptyState title='还没有登记出租房' description='点下面的“登记出租房”，填上地址和房间号。登记后就能给租客登记、生成租客二维码。' />
      ) : (
        items.map((h) => <HouseCard key={h.id} house={h} />)
      )}
      <View className='form-actions'>
        <BigButton variant={items.length ? 'secondary' : 'primary'} onClick={() => openPage(LANDLORD_PAGES.houseForm)}>
          登记出租房
        </BigButton>
      </View>
    </Screen>
  )
}
