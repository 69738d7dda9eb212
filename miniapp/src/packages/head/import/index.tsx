import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { IMPORT_COLUMNS, type ImportResult } from '@linli/shared'
import { importTemplateUrl, importUrl } from '../../../services/households'
import { errorMessage, showErrorToast } from '../../../services/http'
import { platformFiles, type PickedFile } from '../../../platform/files'
import { goBack } from '../../../utils/nav'
import { BigButton, Card, Notice, Screen } from '../../../components'
import { PageHead } from '../shared/page-head'
import { useParams } from '../shared/params'
import './index.css'

const MAX_BYTES = 5 * 1024 * 1024

function sizeText(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

export default function ImportPage() {
  const { gridId = '', name: gridName = '' } = useParams()
  const [file, setFile] = useState<PickedFile | null>(null)
  const [fileProblem, setFileProblem] = useState<string | null>(null)
  const [downloading, setDownloading] = useState(false)
  const [uploading, setUploading] = useState(false)
  const [result, setResult] = useState<ImportResult | null>(null)

  async function downloadTemplate() {
    if (downloading) return
    setDownloading(true)
    try {
      await platformFiles.openFile(importTemplateUrl(gridId), { fileName: '住户名册模板.xlsx', fileType: 'xlsx', auth: true })
    } catch (err) {
      showErrorToast(errorMessage(err, '模板没有下载下来，请稍后再试'))
    } finally {
      setDownloading(false)
    }
  }

  async function pick() {
    setFileProblem(null)
    try {
      const picked = await platformFiles.pickSpreadsheet()
      if (!picked) return
      if (!/\.xlsx$/i.test(picked.name)) {
        setFileProblem('请选择 .xlsx 格式的文件（用下载的模板填写后保存）')
        return
      }
      if (picked.size > MAX_BYTES) {
        setFileProblem('文件太大（超过 5 MB），请分成几个文件导入')
        return
      }
      setFile(picked)
      setResult(null)
    } catch (err) {
      setFileProblem(errorMessage(err))
    }
  }

  async function upload() {
    if (!file || uploading) return
    setUploading(true)
    setFileProblem(null)
    try {
      setResult(await platformFiles.upload<ImportResult>(importUrl(gridId), file, 'file'))
      setFile(null)
      // The outcome is below the fold: bring it up.
      setTimeout(() => {
        Taro.pageScrollTo({ selector: '.import-result', offsetTop: -16, duration: 200 }).catch(() => undefined)
      }, 60)
    } catch (err) {
      setFileProblem(errorMessage(err, '导入没有成功，请稍后再试'))
    } finally {
      setUploading(false)
    }
  }

  return (
    <Screen className='import'>
      <PageHead title='导入 Excel 名册' subtitle={gridName} />

      <Card>
        <View className='import__step'>
          <Text className='import__num'>1</Text>下载模板，按列填写
        </View>
        <View className='import__text'>列：{IMPORT_COLUMNS.join('、')}。一行一个人，同一户的人门牌号写成一样。</View>
        <BigButton variant='secondary' onClick={() => void downloadTemplate()} loading={downloading} loadingText='正在下载…'>
          下载模板
        </BigButton>
      </Card>

      <Card>
        <View className='import__step'>
          <Text className='import__num'>2</Text>选择填好的文件，开始导入
        </View>
        <View className='import__text'>
          再导入同一个名册会更新已有的人，不会重复。有问题的行不会导入，下面会告诉你是哪一行、哪里不对。
        </View>
        {file ? (
          <View className='import__file'>
            <Text className='import__file-name'>{file.name}</Text>
            <Text className='import__file-size'>{sizeText(file.size)}</Text>
          </View>
        ) : null}
        {fileProblem ? <Notice tone='warn'>{fileProblem}</Notice> : null}
        {file ? (
          <View className='stack'>
            <BigButton onClick={() => void upload()} loading={uploading} loadingText='正在导入…'>
              开始导入
            </BigButton>
            <BigButton variant='secondary' onClick={() => void pick()} disabled={uploading}>
              换一个文件
            </BigButton>
          </View>
        ) : (
          <BigButton onClick={() => void pick()}>选择文件（.xlsx）</BigButton>
        )}
      </Card>

      {result ? (
        <View className='import-result'>
          <Notice tone={result.errors.length > 0 ? 'warn' : 'done'} title={result.errors.length > 0 ? '部分导入完成' : '导入完成'}>
            已导入 {result.appliedRows.length} 行：新增 {result.created} 人，更新 {result.updated} 人；新增 {result.households.created} 户，更新{' '}
            {result.households.updated} 户。
          </Notice>
          {result.errors.length > 0 ? (
            <View>
              <View className='section-title'>
                <Text>有 {result.errors.length} 行没有导入</Text>
              </View>
              <View className='import-result__hint'>请在 Excel 里改好这些行，再导入一次（已导入的行会更新，不会重复）。</View>
              <View className='list-group'>
                {result.errors.map((e) => (
                  <View key={`${e.row}-${e.message}`} className='import-error'>
                    <Text className='import-error__row'>第 {e.row} 行</Text>
                    <Text className='import-error__message'>{e.message}</Text>
                  </View>
                ))}
              </View>
            </View>
          ) : null}
          <BigButton variant='secondary' onClick={goBack}>
            回到住户列表
          </BigButton>
        </View>
      ) : null}
    </Screen>
  )
}
