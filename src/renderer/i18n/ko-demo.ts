// 한국어: the demo controls (a part of ko.ts).
import type { Strings } from './en.js';

export const koDemo: Partial<Strings['demo']> = {
  title: '데모 공장',
  intro:
    '아직 게이트웨이가 없나요? 시뮬레이션 공장을 시작해 보세요. 게이트웨이 6대, 센서 41개, 지난 1주일의 이력, 미리 만든 규칙과 짧은 경보 시나리오가 들어 있습니다. 모두 이 PC 안에서 실행됩니다.',
  start: '데모 시작',
  starting: '시작하는 중…',
  remove: '데모 삭제',
  removing: '삭제하는 중…',
  removeConfirm:
    '데모 게이트웨이, 센서, 값, 규칙, 알람, 타임라인 항목을 모두 삭제할까요? 직접 등록한 게이트웨이와 데이터는 그대로 남습니다.',
  running: '데모 실행 중: 게이트웨이 {{gateways}}대, 센서 {{sensors}}개, {{since}}부터.',
  stopped:
    '이 사이트에 데모 데이터가 있습니다(게이트웨이 {{gateways}}대, 센서 {{sensors}}개). 데모는 실행 중이 아닙니다.',
  open: '게이트웨이 보기 →',
  or: '또는 시뮬레이션 공장으로 먼저 사용해 보세요:',
  noticeRunning: '데모 실행 중',
  noticeStopped: '이 사이트에 데모 데이터가 있음',
  noticeText:
    '— 시뮬레이션 게이트웨이 {{gateways}}대, 센서 {{sensors}}개. 실제로 사용하기 전에 데모를 삭제하세요.',
  removed: '데모 삭제됨: 게이트웨이 {{gateways}}대, 센서 {{sensors}}개, 규칙 {{rules}}개, 알람 {{alarms}}건.',
};
