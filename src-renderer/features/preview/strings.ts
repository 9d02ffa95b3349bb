import type { StringTable } from '../../i18n/string-table';

/** Text of the preview (features/preview). */
export const previewStrings: StringTable = {
  en: {
    preview: {
      title: 'Preview: {{name}}',
      close: 'Close',
      download: 'Download',
      loading: 'Loading the preview…',
      failed: 'The preview could not be loaded: {{reason}}',
      none: 'There is no preview for this kind of file. Download it to open it.',
      binary: 'This file does not look like text, so it is not shown.',
      truncated: 'Showing the first {{size}} of {{total}}.',
      asText: 'Shown as text: this kind of file is never opened as a page here.',
      empty: 'The file is empty.',
      pdfFrame: 'PDF: {{name}}',
    },
  },
  'zh-CN': {
    preview: {
      title: '预览：{{name}}',
      close: '关闭',
      download: '下载',
      loading: '正在加载预览…',
      failed: '无法加载预览：{{reason}}',
      none: '这类文件没有预览。请下载后打开。',
      binary: '此文件看起来不是文本，因此不显示。',
      truncated: '显示前 {{size}}（共 {{total}}）。',
      asText: '以文本显示：此类文件在这里从不作为网页打开。',
      empty: '文件为空。',
      pdfFrame: 'PDF：{{name}}',
    },
  },
};
