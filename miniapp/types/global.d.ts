/// <reference types="@tarojs/taro" />

declare module '*.png';
declare module '*.gif';
declare module '*.jpg';
declare module '*.jpeg';
declare module '*.svg';
declare module '*.css';

/** package.json version, injected by `defineConstants` in config/index.ts. */
declare const APP_VERSION: string;

declare namespace NodeJS {
  interface ProcessEnv {
    NODE_ENV: 'development' | 'production';
    /** The platform being built; only weapp and h5 are installed. */
    TARO_ENV: 'weapp' | 'h5';
    /** Mini-program appid for the generated project.config.json (optional). */
    TARO_APP_ID?: string;
    /** API origin, e.g. https://linli.example.cn. Empty: same origin on h5, http://localhost:3000 on weapp. */
    TARO_APP_API_BASE?: string;
  }
}
