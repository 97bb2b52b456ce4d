export { buildApp, type ChatHandle } from './app.js';
export {
  ConfigSchema,
  parseConfig,
  systemClock,
  type ChatServerConfig,
  type ChatServerConfigInput,
  type Clock,
} from './config.js';
export {
  signUserToken,
  verifyToken,
  visitorKey,
  USER_RIGHTS,
  type SignUserTokenOptions,
  type TokenPayload,
  type UserRight,
  type UserTokenPayload,
  type VisitorTokenPayload,
} from './auth/host-token.js';
export { signVisitorToken } from './auth/tokens.js';
export { demoUsers, type DemoUser } from './demo/seed.js';
