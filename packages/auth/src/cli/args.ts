/** `--name value` flags (and bare `--flag`s listed in `switches`) and positional arguments. */
export function parseArgs(args: readonly string[], switches: readonly string[] = []) {
  const flags: Record<string, string> = {};
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const name = arg.slice(2);
    if (switches.includes(name)) {
      flags[name] = 'true';
      continue;
    }
    flags[name] = args[i + 1] ?? '';
    i++;
  }
  return { flags, positional };
}
