// Korean strings of the gateway trust settings (mirrors en-trust.ts).
export const koTrust = {
  tlsTitle: 'TLS로 연결 (권장)',
  tlsIntro:
    '게이트웨이는 이 인증서로 사이트를 확인하고 APIKEY로 자신을 증명합니다. 인증서를 게이트웨이의 {{caPath}}에 저장하고 설정에 다음 줄을 넣으세요:',
  saveCa:
    '먼저 사이트 인증서를 게이트웨이의 {{caPath}}에 저장하세요. 게이트웨이는 이 인증서로 사이트를 확인합니다.',
  on443: '게이트웨이 HTTPS는 Thing+ 게이트웨이가 호출하는 443 포트에 있습니다.',
  download: '인증서 다운로드 (ca-cert.pem)',
  fingerprint: 'SHA-256 지문',
  names: '유효 대상',
  expires: '만료',
  port443:
    '수정하지 않은 Thing+ 게이트웨이는 443 포트로 HTTPS를 호출하지만 이 사이트는 {{port}} 포트를 씁니다: 443을 {{port}} 포트로 포워딩하거나, 443을 열 권한(관리자 권한 / CAP_NET_BIND_SERVICE)으로 사이트를 시작하세요.',
  httpsOff:
    '게이트웨이 HTTPS 리스너가 꺼져 있습니다(gatewayHttps.port): 게이트웨이가 TLS로 센서를 등록할 수 없습니다.',
  legacy: '자격 증명 없는 평문 TCP 허용',
  legacyHint:
    'TLS를 지원하지 않는 장치에만 사용하세요. 게이트웨이 ID를 아는 LAN의 누구나 그 게이트웨이로 행세할 수 있으므로 한 주소에서만 허용됩니다.',
  legacyAddress: '허용 주소',
  legacyAddressHint: '비워 두면 처음 연결한 주소가 고정됩니다.',
  legacyPinned: '{{address}}에서만 평문 TCP 허용',
  legacyWaiting: '평문 TCP 허용; 처음 연결하는 주소가 고정됩니다',
  legacyNotice:
    '이 게이트웨이는 사이트 업그레이드 때 평문 TCP 허용을 유지했습니다. 이제 한 주소에서만 동작합니다. 아래 설정을 확인하고 저장하거나, 끄고 TLS를 설정하세요.',
};
