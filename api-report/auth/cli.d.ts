// @warden/auth/cli
export { parseArgs } from './args.js';
export { runWardenCommand, WARDEN_COMMANDS, type WardenCommandDeps } from './commands.js';
export { CONFIG_FILES, ConfigError, defineConfig, loadConfig, type WardenConfig, } from './config.js';
export { type PromptStreams, readNewPassword, readSecret } from './prompt.js';
export { type RouterLike, WARDEN_USAGE } from './usage.js';
