import type { StringTable } from '../../i18n/string-table';

/** What the app says when an address (a reload, a copied link) names a place it cannot show. */
export const locationStrings: StringTable = {
  en: {
    location: {
      problem: {
        page: 'This address names no page of the app (“{{value}}”): showing the files instead.',
        connection: 'This address names a connection that is not here (removed, or from another computer): choose one in the sidebar.',
        levels: 'This address opens more levels than “{{connection}}” has: showing its top level instead.',
        root: 'This address names a bucket or package that cannot be read: showing the top level of “{{connection}}” instead.',
        folder: 'This address names a folder that cannot be read: showing the top of the package instead.',
        view: 'This address asks for an unknown view (“{{value}}”): keeping the current view.',
      },
    },
  },
  'zh-CN': {
    location: {
      problem: {
        page: '此地址指向的页面不存在（“{{value}}”）：已改为显示文件。',
        connection: '此地址指向的连接不在这里（已删除，或来自另一台电脑）：请在侧边栏中选择一个连接。',
        levels: '此地址打开的层级多于“{{connection}}”所有的层级：已改为显示其顶层。',
        root: '此地址中的存储桶或数据包无法识别：已改为显示“{{connection}}”的顶层。',
        folder: '此地址中的文件夹无法识别：已改为显示数据包的顶层。',
        view: '此地址要求的视图未知（“{{value}}”）：保持当前视图。',
      },
    },
  },
};
