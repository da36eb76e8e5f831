// 한국어: the site address on the cluster page (a part of ko.ts).
import type { Strings } from './en.js';

export const koSiteAddress: Partial<Strings['siteAddress']> = {
  label: '사이트 주소',
  heldHere: '{{address}} — 이 노드가 보유 중',
  heldBy: '{{address}} — {{node}} 노드가 보유 중',
  noHolder: '{{address}} — 보유 노드 없음 (마스터 없음)',
  detail: '인터페이스 {{interface}}',
  since: '{{time}}부터',
  lastError: '마지막 오류: {{error}}',
};
