// The console: sign-in with an API key (sessionStorage only), then the pages the key's role may
// use, in Chinese (zh_CN) or English.
import { App as AntApp, ConfigProvider, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { BrowserRouter } from 'react-router';
import { client, onSignedOut, unwrap, setApiKey } from './api/client';
import { loadCapabilities, type Capabilities } from './api/capabilities';
import { LangContext, type Lang } from './i18n';
import { KEY_STORAGE, LANG_STORAGE, SessionContext, type Me, type Session } from './session';
import { Shell } from './Shell';
import { SignIn } from './pages/SignIn';

function initialLang(): Lang {
  return localStorage.getItem(LANG_STORAGE) === 'en' ? 'en' : 'zh';
}

export function App() {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const [me, setMe] = useState<Me | null>(null);
  const [capabilities, setCapabilities] = useState<Capabilities>(new Set());
  const [booting, setBooting] = useState(() => Boolean(sessionStorage.getItem(KEY_STORAGE)));

  const setLang = useCallback((next: Lang) => {
    localStorage.setItem(LANG_STORAGE, next);
    setLangState(next);
  }, []);

  useEffect(() => {
    dayjs.locale(lang === 'zh' ? 'zh-cn' : 'en');
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  }, [lang]);

  const signOut = useCallback(() => {
    sessionStorage.removeItem(KEY_STORAGE);
    setApiKey(null);
    setMe(null);
  }, []);

  /** Checks the key with GET /api/v1/me; keeps it for this browser session only when it works. */
  const signIn = useCallback(async (key: string) => {
    setApiKey(key);
    try {
      const [who, caps] = await Promise.all([unwrap(client.GET('/api/v1/me')), loadCapabilities()]);
      sessionStorage.setItem(KEY_STORAGE, key);
      setCapabilities(caps);
      setMe(who);
    } catch (err) {
      setApiKey(null);
      throw err;
    }
  }, []);

  useEffect(() => {
    onSignedOut(signOut);
    const stored = sessionStorage.getItem(KEY_STORAGE);
    if (!stored) return;
    signIn(stored)
      .catch(() => sessionStorage.removeItem(KEY_STORAGE))
      .finally(() => setBooting(false));
    return () => onSignedOut(null);
  }, [signIn, signOut]);

  const session = useMemo<Session | null>(
    () => (me ? { me, capabilities, lang, setLang, signOut, can: (op) => capabilities.has(op) } : null),
    [me, capabilities, lang, setLang, signOut],
  );

  return (
    <LangContext.Provider value={lang}>
      <ConfigProvider locale={lang === 'zh' ? zhCN : enUS} theme={{ token: { colorPrimary: '#1d5fa8', borderRadius: 4 } }}>
        <AntApp>
          <BrowserRouter basename="/console">
            {booting ? (
              <Spin size="large" style={{ display: 'block', marginTop: 160 }} />
            ) : session ? (
              <SessionContext.Provider value={session}>
                <Shell />
              </SessionContext.Provider>
            ) : (
              <SignIn onSignIn={signIn} lang={lang} setLang={setLang} />
            )}
          </BrowserRouter>
        </AntApp>
      </ConfigProvider>
    </LangContext.Provider>
  );
}
