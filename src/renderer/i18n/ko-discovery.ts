// 한국어: LAN discovery, other sites and pairing codes (a part of ko.ts).
import type { Strings } from './en.js';

type Partial2<T> = { [K in keyof T]?: T[K] extends string ? string : Partial2<T[K]> };

export const koDiscovery: Partial2<Strings['discovery']> = {
  findTitle: 'LAN에서 게이트웨이 찾기',
  findIntro:
    '이 네트워크의 게이트웨이가 탐색에 응답합니다. 라벨에서 ID를 읽지 않고 목록에서 클릭 한 번으로 추가하세요.',
  findLink: '게이트웨이 찾기',
  title: '게이트웨이 찾기',
  sub: 'Thing+ 게이트웨이는 UDP {{port}} 포트의 "Thing+?" 탐색에 응답합니다. 브로드캐스트는 이 PC의 서브넷에만 닿으므로, 라우팅된 서브넷은 주소나 범위를 입력하세요.',
  where: '찾을 위치',
  interfaces: '브로드캐스트',
  ifAll: '모든 인터페이스',
  ifSome: '선택한 인터페이스',
  ifNone: '브로드캐스트 안 함 (입력한 대상만)',
  noInterfaces: '이 PC에는 브로드캐스트할 IPv4 LAN 인터페이스가 없습니다.',
  broadcastOff: '이 사이트는 브로드캐스트가 꺼져 있습니다(config discovery.broadcast). 대상을 입력하세요.',
  targets: '대상',
  targetsHint:
    '주소, /{{prefix}} 이하의 범위, 호스트:포트를 공백, 쉼표 또는 줄로 구분합니다. 예: 192.168.7.20 192.168.7.0/28 10.1.2.3:28282',
  scan: '탐색',
  scanning: '탐색 중…',
  progress: '응답 수신 중: {{s}}초 / {{of}}초',
  results: '찾은 게이트웨이',
  none: '응답한 게이트웨이가 없습니다. 전원이 켜져 있고 이 네트워크에 있는지(또는 주소를 입력했는지), UDP {{port}}가 막혀 있지 않은지 확인하세요.',
  summary: '{{count}}대 발견, {{ms}}ms, 탐색 패킷 {{sent}}개 전송',
  rejectedSome: '목록에 넣지 않은 응답 {{count}}개:',
  col: {
    id: 'ID',
    name: '이름',
    address: '주소',
    pointsAt: '연결 대상 서버',
    connected: '연결',
    here: '이 사이트',
  },
  mqttConn: 'MQTT',
  serviceConn: 'REST',
  yes: '예',
  no: '아니요',
  registered: '등록됨',
  open: '열기',
  add: '이 사이트에 추가',
  adding: '추가하는 중…',
  added: '{{name}}을(를) 이 사이트에 추가했습니다. 게이트웨이에 이 설정을 입력하세요:',
  bad: {
    empty: '인터페이스를 선택하거나 대상을 하나 이상 입력하세요.',
    noneChosen: '인터페이스를 하나 이상 선택하거나 다른 옵션을 고르세요.',
    syntax: '"{{target}}"은(는) IPv4 주소, 범위 또는 주소:포트가 아닙니다.',
    octet: '"{{target}}"에 255보다 큰 숫자가 있습니다.',
    wide: '"{{target}}"은(는) 주소 {{count}}개에 걸칩니다. 범위는 최대 /{{prefix}}입니다.',
    port: '"{{target}}": 포트는 1–65535여야 합니다.',
    special:
      '"{{target}}"은(는) 브로드캐스트, 멀티캐스트 또는 예약 주소입니다. 브로드캐스트하려면 인터페이스를 선택하세요.',
  },
  sites: '이 LAN의 다른 사이트',
  sitesNone: '이 네트워크에서 자신을 알리는 다른 Edge Site가 없습니다.',
  sitesHint: 'Edge Site PC는 mDNS(_edge-site._tcp)로 자신을 알립니다.',
  sitesOff: '이 사이트는 알림과 탐색이 꺼져 있습니다(config mdns.enabled).',
  sitesError: '이 PC에서 mDNS가 동작하지 않습니다: {{error}}',
  site: { name: '사이트', node: '노드', address: '주소', ports: '포트' },
  pair: {
    title: '페어링 코드',
    intro:
      '코드를 입력할 수 있는 게이트웨이는 스스로 페어링합니다. 코드를 이 사이트에 보내고 APIKEY와 사이트 주소를 받습니다.',
    create: '페어링 코드 보기',
    creating: '코드 만드는 중…',
    valid: '{{time}}까지, 한 번만 유효합니다.',
    expired: '코드가 만료되었습니다. 새로 만드세요.',
    how: '게이트웨이에서: 이 사이트의 REST 포트로 POST /gateways/pair {"code","id","model"}',
  },
};
