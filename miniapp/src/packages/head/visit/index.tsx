import { useState } from 'react'
import { Textarea, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import {
  VISIT_METHODS,
  VISIT_METHOD_LABELS,
  VISIT_OUTCOMES,
  VISIT_OUTCOME_LABELS,
  type CreateVisitRequest,
  type VisitMethod,
  type VisitOutcome,
} from '@linli/shared'
import { submitVisit, type SubmitOutcome } from '../../../services/visit-sync'
import { goBack } from '../../../utils/nav'
import { uuidv4 } from '../../../utils/uuid'
import { BigButton, ChipGroup, Field, Notice, PhotoPicker, Screen, usePhotoUploads } from '../../../components'
import { PageHead } from '../shared/page-head'
import { useParams } from '../shared/params'
import './index.css'

const METHOD_CHIPS = VISIT_METHODS.map((m) => ({ value: m, label: VISIT_METHOD_LABELS[m] }))

export default function VisitPage() {
  const { personId = '', name = '', checkRequestId = '' } = useParams()
  // The visit's id is made when the form opens: every retry of this visit is the same visit.
  const [visitId] = useState(uuidv4)
  const [outcome, setOutcome] = useState<VisitOutcome | null>(null)
  const [method, setMethod] = useState<VisitMethod>('in_person')
  const [note, setNote] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [sending, setSending] = useState(false)
  const [result, setResult] = useState<SubmitOutcome | null>(null)
  const photos = usePhotoUploads(9)

  async function submit() {
    if (!outcome) {
      setError('请先选走访结果')
      return
    }
    setError(null)
    setSending(true)
    const body: CreateVisitRequest = {
      id: visitId,
      personId,
      // When the carer pressed 提交, not when it reaches the server.
      occurredAt: new Date().toISOString(),
      method,
      outcome,
      ...(note.trim() ? { note: note.trim() } : {}),
      ...(checkRequestId ? { checkRequestId } : {}),
    }
    // uploaded photos go with the visit; the rest (no signal) are uploaded by the sync before it is sent
    const queuedPhotos = photos.items.map((p) => (p.state === 'done' && p.upload ? { key: p.key, uploadId: p.upload.id } : { key: p.key }))
    const outcomeOfSubmit = await submitVisit(body, name, queuedPhotos)
    setSending(false)
    setResult(outcomeOfSubmit)
    if (outcomeOfSubmit.kind === 'sent') {
      void Taro.showToast({ title: '已提交', icon: 'success' })
      setTimeout(goBack, 900)
    }
  }

  if (result && result.kind !== 'sent') {
    return (
      <Screen className='visit'>
        <PageHead title={name} subtitle='记录走访' />
        {result.kind === 'queued' ? (
          <Notice tone='warn' title='已保存，网络恢复后自动提交'>
            现在没有网络。这条走访记录已存在手机上，走访时间按你点“提交”的时刻记，不用重新填写。
          </Notice>
        ) : (
          <Notice tone='warn' title='未能提交'>
            {result.message}。这条记录已放在走访列表上方的“未能提交”里。
          </Notice>
        )}
        <View className='visit__actions'>
          <BigButton onClick={goBack}>返回</BigButton>
        </View>
      </Screen>
    )
  }

  return (
    <Screen className='visit'>
      <PageHead title={name} subtitle={checkRequestId ? '家属请求上门查看' : '记录走访'} />

      <View className='visit__label'>走访结果</View>
      <View className='outcomes' role='radiogroup'>
        {VISIT_OUTCOMES.map((o) => {
          const classes = ['outcome', `outcome--${o}`, outcome === o ? 'outcome--on' : ''].filter(Boolean).join(' ')
          return (
            <View
              key={o}
              className={classes}
              role='radio'
              ariaRole='radio'
              aria-checked={outcome === o}
              hoverClass='outcome--pressed'
              onClick={() => {
                setOutcome(o)
                setError(null)
              }}
            >
              {outcome === o ? '✓ ' : ''}
              {VISIT_OUTCOME_LABELS[o]}
            </View>
          )
        })}
      </View>
      {error ? (
        <View className='visit__error' role='alert'>
          {error}
        </View>
      ) : null}

      <View className='visit__label'>走访方式</View>
      <ChipGroup options={METHOD_CHIPS} value={[method]} onChange={(v) => setMethod(v[0] ?? 'in_person')} />

      <Field label='备注' hint='看到了什么、需要谁帮忙，简单写一句'>
        <Textarea
          className='visit__note'
          value={note}
          maxlength={500}
          placeholder='例如：血压有点高，已提醒按时吃药'
          onInput={(e) => setNote(e.detail.value)}
        />
      </Field>

      <Field label='照片' hint='可选，最多 9 张；没有信号时先存在手机上，联网后自动上传'>
        <PhotoPicker photos={photos} />
      </Field>

      <View className='visit__actions'>
        <BigButton onClick={() => void submit()} loading={sending || photos.uploading} loadingText={photos.uploading ? '照片上传中…' : '正在提交…'}>
          提交
        </BigButton>
      </View>
    </Screen>
  )
}
