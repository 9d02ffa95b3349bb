/**
 * The application menu, in the UI's language. Items that act on the UI send
 * an `app.command` event; the renderer carries it out.
 */
import { app, dialog, Menu, type MenuItemConstructorOptions } from 'electron';
import type { Settings } from '@shared/contract/domain';
import type { EventBus } from '../core/events/event-bus';

type Command = 'openSettings' | 'refresh' | 'toggleDetails' | 'goBack' | 'goForward';

const LABELS = {
  en: {
    file: 'File',
    settings: 'Settings…',
    quit: 'Quit',
    edit: 'Edit',
    view: 'View',
    refresh: 'Refresh',
    details: 'Show/Hide Details',
    back: 'Back',
    forward: 'Forward',
    window: 'Window',
    help: 'Help',
    about: 'About JCS Desktop',
    aboutDetail: 'A file manager for JointCloud storage.\nVersion {version}',
  },
  'zh-CN': {
    file: '文件',
    settings: '设置…',
    quit: '退出',
    edit: '编辑',
    view: '视图',
    refresh: '刷新',
    details: '显示/隐藏详情',
    back: '后退',
    forward: '前进',
    window: '窗口',
    help: '帮助',
    about: '关于 JCS Desktop',
    aboutDetail: '云际存储文件管理器。\n版本 {version}',
  },
} as const;

export function menuLanguage(setting: Settings['language']): keyof typeof LABELS {
  if (setting !== 'system') return setting;
  return app.getLocale().toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

export function buildAppMenu(language: keyof typeof LABELS, events: EventBus): void {
  const l = LABELS[language];
  const send = (command: Command) => () => events.emit('app.command', { command });
  const isMac = process.platform === 'darwin';
  const about = () =>
    void dialog.showMessageBox({ type: 'info', title: l.about, message: 'JCS Desktop', detail: l.aboutDetail.replace('{version}', app.getVersion()) });

  const template: MenuItemConstructorOptions[] = [
    ...(isMac
      ? [
          {
            label: app.name,
            submenu: [
              { label: l.about, click: about },
              { type: 'separator' as const },
              { label: l.settings, accelerator: 'Cmd+,', click: send('openSettings') },
              { type: 'separator' as const },
              { role: 'hide' as const },
              { role: 'hideOthers' as const },
              { role: 'unhide' as const },
              { type: 'separator' as const },
              { label: l.quit, role: 'quit' as const },
            ],
          },
        ]
      : []),
    {
      label: l.file,
      submenu: isMac ? [{ role: 'close' }] : [{ label: l.settings, accelerator: 'Ctrl+,', click: send('openSettings') }, { type: 'separator' }, { label: l.quit, role: 'quit' }],
    },
    {
      label: l.edit,
      submenu: [{ role: 'undo' }, { role: 'redo' }, { type: 'separator' }, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }],
    },
    {
      label: l.view,
      submenu: [
        { label: l.refresh, accelerator: 'F5', click: send('refresh') },
        { label: l.details, accelerator: 'CmdOrCtrl+I', click: send('toggleDetails') },
        { type: 'separator' },
        { label: l.back, accelerator: isMac ? 'Cmd+[' : 'Alt+Left', click: send('goBack') },
        { label: l.forward, accelerator: isMac ? 'Cmd+]' : 'Alt+Right', click: send('goForward') },
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        ...(app.isPackaged ? [] : [{ type: 'separator' as const }, { role: 'toggleDevTools' as const }]),
      ],
    },
    { label: l.window, submenu: [{ role: 'minimize' }, { role: 'zoom' }, ...(isMac ? [{ role: 'front' as const }] : [{ role: 'close' as const }])] },
    { label: l.help, role: 'help', submenu: [{ label: l.about, click: about }] },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
