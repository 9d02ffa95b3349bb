/** The shape of a feature's strings (no DOM here: the Node typecheck includes it through unit tests). */
export type Strings = { [key: string]: string | Strings };
export interface StringTable {
  en: Strings;
  'zh-CN': Strings;
}
