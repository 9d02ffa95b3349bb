import type { StringTable } from '../../i18n/string-table';

/** Text of the views of a service that sorts and filters itself (File Storage): type filter, grid, usage, its details fields. */
export const fileServiceStrings: StringTable = {
  en: {
    fileService: {
      bar: 'File service view',
      cannotSort: 'This service cannot sort by this column',
      noTypeMatches: 'No files of this type here: {{type}}.',
      type: { label: 'Type', all: 'All types', image: 'Images', audio: 'Audio', video: 'Video', text: 'Text', application: 'Applications' },
      view: { label: 'View', list: 'List', grid: 'Thumbnails' },
      usage: {
        button: 'Usage',
        title: 'Storage usage',
        scope: { service: 'Whole service', self: 'Your files' },
        type: { total: 'All files', image: 'Images', audio: 'Audio', video: 'Video' },
        figures_one: '{{formatted}} file · {{size}}',
        figures_other: '{{formatted}} files · {{size}}',
        share: '{{percent}}% of the largest figure',
      },
      details: { maintype: 'Type', subtype: 'Subtype', owner: 'Owner', id: 'File ID' },
    },
  },
  'zh-CN': {
    fileService: {
      bar: '文件服务视图',
      cannotSort: '此服务不能按这一列排序',
      noTypeMatches: '这里没有此类型的文件：{{type}}。',
      type: { label: '类型', all: '全部类型', image: '图片', audio: '音频', video: '视频', text: '文本', application: '应用程序' },
      view: { label: '视图', list: '列表', grid: '缩略图' },
      usage: {
        button: '用量',
        title: '存储用量',
        scope: { service: '整个服务', self: '你的文件' },
        type: { total: '全部文件', image: '图片', audio: '音频', video: '视频' },
        figures_other: '{{formatted}} 个文件 · {{size}}',
        share: '占最大值的 {{percent}}%',
      },
      details: { maintype: '类型', subtype: '子类型', owner: '所有者', id: '文件 ID' },
    },
  },
};
