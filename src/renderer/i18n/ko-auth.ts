import type { enAuth } from './en-auth.js';

// 로그인, 첫 실행 설정, 로그인한 사용자 (ko.ts의 일부).
export const koAuth: typeof enAuth = {
  signInTitle: '로그인',
  signInIntro: 'Edge Site 콘솔에 로그인하세요.',
  setupTitle: '사이트 설정',
  setupIntro:
    '아직 사용자가 없습니다. 관리자를 만드세요. 이 계정으로 사용자, API 토큰과 모든 설정을 관리합니다. 기본 비밀번호는 없습니다.',
  username: '사용자 이름',
  password: '비밀번호',
  passwordRepeat: '비밀번호 확인',
  passwordHint: '8자 이상.',
  mismatch: '비밀번호가 서로 다릅니다.',
  signIn: '로그인',
  signingIn: '로그인 중…',
  create: '관리자 만들기',
  signOut: '로그아웃',
  checking: '세션 확인 중…',
  wrong: '사용자 이름 또는 비밀번호가 틀렸습니다.',
  limited: '실패한 시도가 너무 많습니다. 1분 후에 다시 시도하세요.',
  forbidden: '현재 역할로는 할 수 없는 작업입니다',
  role: { admin: '관리자', technician: '기술자', viewer: '뷰어' },
};
