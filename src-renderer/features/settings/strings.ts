import type { StringTable } from '../../i18n/string-table';

export const settingsStrings: StringTable = {
  en: {
    settings: {
      title: 'Settings',
      language: 'Language',
      theme: 'Theme',
      followSystem: 'Follow the system',
      light: 'Light',
      dark: 'Dark',
      dataFolder: 'Data folder',
      startAtLogin: 'Start at login',
      startAtLoginHint: 'Opens JCS Desktop when you log in to this computer, so transfers and sync tasks carry on.',
      transfers: {
        title: 'Transfers',
        maxConcurrentFiles: 'Files at the same time',
        maxConcurrentParts: 'Parts in flight (all files)',
        bandwidthLimitKiBps: 'Bandwidth limit (KiB/s, 0 = unlimited)',
        multipartThresholdMiB: 'Multipart from (MiB)',
        requireVerifiedDownloads: 'Require verified downloads',
        requireVerifiedDownloadsHint: 'Off: a file whose fileHash cannot be checked (anything but “Full” + SHA-256) is downloaded and marked “not verified”. On: such a download fails before anything is written.',
        hint: 'Changes apply at once, also to transfers already running.',
        range: {
          maxConcurrentFiles: 'A whole number from 1 to 16',
          maxConcurrentParts: 'A whole number from 1 to 32',
          bandwidthLimitKiBps: 'A whole number from 0 (unlimited) to 10,000,000',
          multipartThresholdMiB: 'A whole number from 1 to 4,096',
        },
      },
    },
    shell: { pickConnection: 'Choose a connection on the left to browse its storage.' },
  },
  'zh-CN': {
    settings: {
      title: '设置',
      language: '语言',
      theme: '主题',
      followSystem: '跟随系统',
      light: '浅色',
      dark: '深色',
      dataFolder: '数据目录',
      startAtLogin: '登录时启动',
      startAtLoginHint: '登录本机时自动打开 JCS Desktop，传输和同步任务随之继续。',
      transfers: {
        title: '传输',
        maxConcurrentFiles: '同时传输的文件数',
        maxConcurrentParts: '同时进行的分片数（所有文件）',
        bandwidthLimitKiBps: '带宽上限（KiB/s，0 为不限）',
        multipartThresholdMiB: '分片上传起点（MiB）',
        requireVerifiedDownloads: '只允许可校验的下载',
        requireVerifiedDownloadsHint: '关闭时：fileHash 无法校验的文件（“Full” + SHA-256 以外的值）照常下载，并标记为“未校验”。开启时：此类下载在写入任何内容之前即失败。',
        hint: '修改立即生效，正在进行的传输也会按新设置执行。',
        range: {
          maxConcurrentFiles: '1 到 16 之间的整数',
          maxConcurrentParts: '1 到 32 之间的整数',
          bandwidthLimitKiBps: '0（不限）到 10,000,000 之间的整数',
          multipartThresholdMiB: '1 到 4,096 之间的整数',
        },
      },
    },
    shell: { pickConnection: '在左侧选择一个连接以浏览其存储。' },
  },
};
