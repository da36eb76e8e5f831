// 한국어: 차트 (a part of ko.ts).
import type { Strings } from './en.js';

export const koCharts: Strings['charts'] = {
  min: '최소',
  max: '최대',
  band: '{{interval}} 평균 및 최소–최대 범위',
  stateBuckets: '{{interval}} 상태 (구간별 최댓값)',
  zone: '시간대 {{zone}}',
  zoneOf: { site: '사이트 시간대 {{zone}} 기준 시각', browser: '이 브라우저 시간대 {{zone}} 기준 시각' },
  zoneSwitch: '{{zone}}(으)로 전환',
  pickYear: '{{label}}: 연도',
  pickMonth: '{{label}}: 월',
  pickDay: '{{label}}: 일',
  pickHour: '{{label}}: 시',
  pickMinute: '{{label}}: 분',
  live: '실시간',
  backToLive: '실시간 범위로 돌아가기',
  panBack: '이전',
  panForward: '이후',
  zoomTemporary: '임시 보기',
  zoomTemporaryHint:
    '확대와 이동은 저장되지 않습니다. 범위를 유지하려면 대시보드 편집 중에 확대한 뒤 저장하세요.',
  zoomKept: '저장 시 유지',
  zoomKeptHint: '대시보드를 저장하면 이 범위가 유지되고 차트가 이 범위로 열립니다.',
  zoomOut: '축소',
  dragHint: '차트를 가로로 끌어 확대합니다.',
  hideSeries: '이 선 숨기기',
  showSeries: '이 선 보이기',
  axisPerUnit: '단위별 축',
};
