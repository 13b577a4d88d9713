export {
  ConfigError,
  type ConfigInput,
  DEMO_CATALOG,
  loadConfig,
  type PavedConfig,
} from './config/config.ts';
export { type RunningPaved, startPaved } from './server.ts';
