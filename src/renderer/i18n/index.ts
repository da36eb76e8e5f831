import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en';
import { ko } from './ko';
import { setFormatLanguage } from '../lib/format';

const STORAGE_KEY = 'edgeSite.lang';

function initialLanguage(): string {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved === 'en' || saved === 'ko') return saved;
  } catch {
    /* storage unavailable */
  }
  return navigator.language?.toLowerCase().startsWith('ko') ? 'ko' : 'en';
}

/** the page's language for CSS (`:lang(ko)` keeps Korean words whole) and screen readers, sign-in included */
function applyLanguage(lng: string): void {
  setFormatLanguage(lng);
  if (typeof document !== 'undefined') document.documentElement.lang = lng;
}

i18n.on('languageChanged', applyLanguage);
void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, ko: { translation: ko } },
  lng: initialLanguage(),
  fallbackLng: 'en',
  supportedLngs: ['en', 'ko'],
  interpolation: { escapeValue: false },
  initAsync: false,
  returnNull: false,
});

applyLanguage(i18n.language);

export function setLanguage(lng: string): void {
  try {
    localStorage.setItem(STORAGE_KEY, lng);
  } catch {
    /* storage unavailable */
  }
  void i18n.changeLanguage(lng);
}

export default i18n;
