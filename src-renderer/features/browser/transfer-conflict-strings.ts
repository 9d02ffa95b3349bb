import type { StringTable } from '../../i18n/string-table';

/** The question a move or copy asks when items already exist at the destination, and what it says afterwards. */
export const transferConflictStrings: StringTable = {
  en: {
    transferConflict: {
      title_one: 'An item already exists',
      title_other: 'Some items already exist',
      summary_one: '{{formatted}} item already exists in “{{folder}}”. Nothing has been changed yet.',
      summary_other: '{{formatted}} items already exist in “{{folder}}”. Nothing has been changed yet.',
      more: 'and {{formatted}} more',
      item: {
        move: '“{{name}}” already exists there. What should happen to the one you are moving?',
        copy: '“{{name}}” already exists there. What should happen to the one you are copying?',
      },
      hint: 'Replace puts yours in place of the existing one. Skip leaves both where they are. Keep both gives yours a numbered name, like “name (1).txt”.',
      applyToAll_one: 'Do the same for this item',
      applyToAll_other: 'Do the same for all {{formatted}} items',
      replace: 'Replace',
      skip: 'Skip',
      keepBoth: 'Keep both',
      nothingDone: { move: 'Nothing was moved.', copy: 'Nothing was copied.' },
      outcome: {
        move_one: 'Moved {{formatted}} object; {{skipped}} skipped',
        move_other: 'Moved {{formatted}} objects; {{skipped}} skipped',
        copy_one: 'Copied {{formatted}} object; {{skipped}} skipped',
        copy_other: 'Copied {{formatted}} objects; {{skipped}} skipped',
      },
    },
  },
  'zh-CN': {
    transferConflict: {
      title_other: '部分项目已存在',
      summary_other: '“{{folder}}”中已存在 {{formatted}} 个同名项目。目前尚未做任何更改。',
      more: '另有 {{formatted}} 个',
      item: {
        move: '“{{name}}”已存在于该处。要如何处理您正在移动的项目？',
        copy: '“{{name}}”已存在于该处。要如何处理您正在复制的项目？',
      },
      hint: '“替换”会用您的项目取代已有项目；“跳过”会保持两者不变；“保留两者”会以带编号的名称保存您的项目，例如“name (1).txt”。',
      applyToAll_other: '对全部 {{formatted}} 个项目执行相同操作',
      replace: '替换',
      skip: '跳过',
      keepBoth: '保留两者',
      nothingDone: { move: '未移动任何项目。', copy: '未复制任何项目。' },
      outcome: {
        move_other: '已移动 {{formatted}} 个对象，跳过 {{skipped}} 个',
        copy_other: '已复制 {{formatted}} 个对象，跳过 {{skipped}} 个',
      },
    },
  },
};
