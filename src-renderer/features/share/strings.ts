import type { StringTable } from '../../i18n/string-table';

/** Share links (a time-limited download link for one file of a storage node) and folder sizes in the list. */
export const shareStrings: StringTable = {
  en: {
    share: {
      action: 'Share link…',
      title: 'Share “{{name}}”',
      intro: 'Anyone with the link can download this file until it expires. The link allows nothing else.',
      expiresIn: 'Link expires in',
      unit: { minutes: 'minutes', hours: 'hours', days: 'days' },
      problem: {
        notWholeNumber: 'Enter a whole number.',
        tooShort: 'A link lasts at least 1 minute.',
        tooLong: 'A link lasts at most 7 days.',
      },
      create: 'Create link',
      creating: 'Creating…',
      link: 'Download link',
      copy: 'Copy link',
      expiresAt: 'Works until {{time}}.',
      embeddedNote: 'This computer’s storage node gets new keys each time the app starts: the link stops working when the app quits, and it reaches only machines that can reach this node’s address.',
    },
    folderSizes: {
      summary_one: '{{size}} · {{formatted}} file',
      summary_other: '{{size}} · {{formatted}} files',
      failed: 'Size unknown',
      usageTitle: 'Storage used',
      usageConnection: 'This connection',
      usageBucket: 'This bucket',
      usagePackage: 'This package',
      usageFigures_one: '{{size}} in {{formatted}} file',
      usageFigures_other: '{{size}} in {{formatted}} files',
    },
  },
  'zh-CN': {
    share: {
      action: '分享链接…',
      title: '分享“{{name}}”',
      intro: '在链接过期之前，任何拿到链接的人都可以下载此文件。链接不能用于其他操作。',
      expiresIn: '链接有效期',
      unit: { minutes: '分钟', hours: '小时', days: '天' },
      problem: {
        notWholeNumber: '请输入整数。',
        tooShort: '链接有效期至少为 1 分钟。',
        tooLong: '链接有效期最长为 7 天。',
      },
      create: '创建链接',
      creating: '正在创建…',
      link: '下载链接',
      copy: '复制链接',
      expiresAt: '有效期至 {{time}}。',
      embeddedNote: '本机存储节点在每次启动应用时都会生成新密钥：应用退出后链接即失效，且只有能访问此节点地址的机器才能使用该链接。',
    },
    folderSizes: {
      summary_one: '{{size}} · {{formatted}} 个文件',
      summary_other: '{{size}} · {{formatted}} 个文件',
      failed: '大小未知',
      usageTitle: '已用存储',
      usageConnection: '此连接',
      usageBucket: '此存储桶',
      usagePackage: '此包',
      usageFigures_one: '{{size}}，共 {{formatted}} 个文件',
      usageFigures_other: '{{size}}，共 {{formatted}} 个文件',
    },
  },
};
