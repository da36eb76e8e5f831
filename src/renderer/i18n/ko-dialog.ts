// 한국어: 확인 / 입력 대화상자 (a part of ko.ts).
import type { Strings } from './en.js';

export const koDialog: Strings['dialog'] = {
  ok: '확인',
  cancel: '취소',
};
