import type { StringTable } from '../../i18n/string-table';

export const settingsStrings: StringTable = {
  en: {
    settings: { title: 'Settings', language: 'Language', theme: 'Theme', followSystem: 'Follow the system', light: 'Light', dark: 'Dark', dataFolder: 'Data folder' },
    shell: { pickConnection: 'Choose a connection on the left to browse its storage.' },
  },
  'zh-CN': {
    settings: { title: '设置', language: '语言', theme: '主题', followSystem: '跟随系统', light: '浅色', dark: '深色', dataFolder: '数据目录' },
    shell: { pickConnection: '在左侧选择一个连接以浏览其存储。' },
  },
};
