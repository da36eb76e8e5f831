// 사이트 오류 종류(metrics `kind`)의 한국어 설명: 사이트 내부 정보에 표시되고, 원문은 툴팁에 있습니다 (ko.ts의 일부).
import type { enErrors } from './en-errors.js';

export const koErrors: typeof enErrors = {
  acl: {
    publish: '게이트웨이가 자신의 토픽 밖으로 발행함',
    subscribe: '게이트웨이가 자신의 토픽 밖을 구독함',
  },
  auth: {
    badClientId: '게이트웨이 ID가 아닌 ID로 클라이언트가 접속함',
    badCredentials: '게이트웨이가 잘못된 APIKEY로 접속함',
    credentialsRequired: '게이트웨이가 인증 정보 없이 접속함 (평문 TCP 허용이 꺼져 있음)',
    legacyAddress: '인증 정보 없는 게이트웨이가 고정된 주소가 아닌 곳에서 접속함',
    legacyTakeover: '다른 주소의 두 번째 클라이언트가 게이트웨이 세션을 가로채려 함',
    rateLimited: '한 주소에서 접속 실패가 너무 많아 잠시 거부함',
    unknownGateway: '등록되지 않은 게이트웨이가 접속을 시도함 (대기 목록에 추가됨)',
  },
  disk: {
    full: '디스크가 가득 참',
    low: '디스크 공간이 부족함',
    thinned: '디스크 공간을 위해 가장 오래된 원시 값을 줄임',
  },
  mqtt: {
    connection: 'MQTT 연결 실패',
    publish: '게이트웨이로 메시지를 보내지 못함',
  },
  payload: {
    tooLarge: '메시지가 사이트가 받는 크기보다 큼',
    gzip: '압축된 메시지를 풀지 못함',
    malformed: '메시지를 읽지 못함',
  },
  pair: {
    incomplete: '시간 또는 값이 빠진 값이 도착함',
  },
  rpc: {
    timeSync: '게이트웨이 시계를 맞추지 못함',
  },
  sensor: {
    unknown: '등록되지 않은 센서의 값이 도착함',
  },
  sensorId: {
    invalid: '메시지에 잘못된 센서 ID가 있음',
  },
  status: {
    invalid: '상태 메시지를 읽지 못함',
  },
  storage: {
    append: '값을 저장하지 못함',
    status: '상태를 저장하지 못함',
  },
  time: {
    invalid: '불가능한 시간의 값이 도착함',
  },
  topic: {
    unknown: '알 수 없는 토픽으로 메시지가 도착함',
  },
  value: {
    invalid: '값이 센서 유형에 맞지 않음',
  },
  duration: {
    invalid: '잘못된 기간의 상태가 도착함',
  },
};
