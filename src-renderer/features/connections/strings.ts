import type { StringTable } from '../../i18n/string-table';

/**
 * The connections sidebar (the tree of connections and their roots) and the
 * connection dialog. A kind's form is worded under `form.<kind>`: a label per
 * field, and optionally `placeholders.<field>`, `keep.<field>` (the hint of a
 * saved secret), `problem.<field>` (its schema refuses it), `across.<field>`
 * (it does not go with the others) and `groups.<group>` (hint, clear, cleared).
 */
export const connectionsStrings: StringTable = {
  en: {
    connections: {
      title: 'Connections',
      treeLabel: 'Connections and their storage',
      thisComputer: 'This computer',
      add: 'Add connection',
      addTitle: 'Add a connection',
      editTitle: 'Edit connection “{{name}}”',
      edit: 'Edit…',
      test: 'Test connection',
      remove: 'Remove…',
      refresh: 'Refresh',
      loadFailed: 'Could not load',
      secretsUnreadable: 'The saved secret key cannot be read here (it was saved by another mode of the app). Edit the connection and enter it again.',
      testOk: '“{{name}}” is reachable: {{roots}}, {{ms}} ms',
      testFailed: '“{{name}}” cannot be reached: {{error}}',
      removeTitle: 'Remove connection',
      removeMessage: 'Remove the connection “{{name}}”? Only this app forgets it: nothing is deleted on the service.',
      removeConfirm: 'Remove',
      removed: 'Connection “{{name}}” removed',
      saved: 'Connection “{{name}}” saved',
      form: {
        name: 'Name',
        namePlaceholder: 'My storage',
        kind: 'Kind of service',
        kinds: {
          jcs: 'JCS-pub service',
          'file-storage': 'File Storage service',
        },
        unknownKind: 'This app has no form for connections of kind “{{kind}}”.',
        optional: 'optional',
        secretUnchanged: 'unchanged',
        secretKeepHint: 'Leave empty to keep the saved value.',
        secretUnreadableHint: 'The saved secret cannot be read here; enter it again.',
        undoClear: 'Undo',
        test: 'Test',
        testing: 'Testing…',
        testResult: 'Connected: {{roots}}, {{ms}} ms',
        saveAnywayTitle: 'The test failed. Save anyway?',
        saveAnywayText: 'These settings did not reach the service (the error is above). You can save them anyway, for a service that is down for now; browsing and sync through this connection fail until it answers.',
        saveAnyway: 'Save anyway',
        keepEditing: 'Keep editing',
        nameRequired: 'Enter a name.',
        jcs: {
          baseUrl: 'Service address',
          accessKey: 'Access key',
          secretKey: 'Secret key',
          placeholders: { baseUrl: 'http://127.0.0.1:7890' },
          keep: { secretKey: 'Leave empty to keep the saved secret key.' },
          problem: {
            baseUrl: 'Enter an http:// or https:// address, without query, fragment or user name.',
            accessKey: 'The access key is at most 512 characters.',
            secretKey: 'The secret key is at most 512 characters.',
          },
          across: {
            accessKey: 'An access key is needed with the secret key.',
            secretKey: 'A secret key is needed with the access key.',
          },
          groups: {
            keys: {
              hint: 'Leave both keys empty for a service that does not ask for signed requests.',
              clear: 'Clear keys',
              cleared: 'The keys will be removed when you save.',
            },
          },
        },
        'file-storage': {
          baseUrl: 'Service address',
          token: 'Access token',
          placeholders: { baseUrl: 'https://files.example.com' },
          keep: { token: 'Leave empty to keep the saved token.' },
          problem: {
            baseUrl: 'Enter an http:// or https:// address, without query, fragment or user name.',
            token: 'The token is letters, digits and punctuation, without spaces (at most 4,096 characters).',
          },
        },
      },
    },
  },
  'zh-CN': {
    connections: {
      title: '连接',
      treeLabel: '连接及其存储',
      thisComputer: '本机',
      add: '添加连接',
      addTitle: '添加连接',
      editTitle: '编辑连接“{{name}}”',
      edit: '编辑…',
      test: '测试连接',
      remove: '移除…',
      refresh: '刷新',
      loadFailed: '加载失败',
      secretsUnreadable: '无法在此读取已保存的密钥（它由应用的另一种模式保存）。请编辑连接并重新输入。',
      testOk: '“{{name}}”可以连接：{{roots}}，{{ms}} 毫秒',
      testFailed: '无法连接“{{name}}”：{{error}}',
      removeTitle: '移除连接',
      removeMessage: '移除连接“{{name}}”？只是本应用不再记住它，服务上的数据不会被删除。',
      removeConfirm: '移除',
      removed: '已移除连接“{{name}}”',
      saved: '已保存连接“{{name}}”',
      form: {
        name: '名称',
        namePlaceholder: '我的存储',
        kind: '服务类型',
        kinds: {
          jcs: 'JCS-pub 服务',
          'file-storage': '文件存储服务',
        },
        unknownKind: '本应用没有“{{kind}}”类型连接的表单。',
        optional: '可选',
        secretUnchanged: '不变',
        secretKeepHint: '留空则保留已保存的值。',
        secretUnreadableHint: '无法在此读取已保存的密钥，请重新输入。',
        undoClear: '撤销',
        test: '测试',
        testing: '正在测试…',
        testResult: '连接成功：{{roots}}，{{ms}} 毫秒',
        saveAnywayTitle: '测试失败。仍然保存？',
        saveAnywayText: '使用这些设置无法连接到服务（错误见上方）。你仍然可以保存，例如服务暂时不可用时；在它恢复响应之前，通过此连接浏览和同步都会失败。',
        saveAnyway: '仍然保存',
        keepEditing: '继续编辑',
        nameRequired: '请输入名称。',
        jcs: {
          baseUrl: '服务地址',
          accessKey: '访问密钥 ID',
          secretKey: '私有访问密钥',
          placeholders: { baseUrl: 'http://127.0.0.1:7890' },
          keep: { secretKey: '留空则保留已保存的密钥。' },
          problem: {
            baseUrl: '请输入 http:// 或 https:// 地址，不能包含查询参数、片段或用户名。',
            accessKey: '访问密钥 ID 最多 512 个字符。',
            secretKey: '私有访问密钥最多 512 个字符。',
          },
          across: {
            accessKey: '填写私有访问密钥时也需要填写访问密钥 ID。',
            secretKey: '填写访问密钥 ID 时也需要填写私有访问密钥。',
          },
          groups: {
            keys: {
              hint: '如果服务不要求签名请求，两个密钥都留空。',
              clear: '清除密钥',
              cleared: '保存时将移除密钥。',
            },
          },
        },
        'file-storage': {
          baseUrl: '服务地址',
          token: '访问令牌',
          placeholders: { baseUrl: 'https://files.example.com' },
          keep: { token: '留空则保留已保存的令牌。' },
          problem: {
            baseUrl: '请输入 http:// 或 https:// 地址，不能包含查询参数、片段或用户名。',
            token: '令牌由字母、数字和标点组成，不含空格（最多 4096 个字符）。',
          },
        },
      },
    },
  },
};
