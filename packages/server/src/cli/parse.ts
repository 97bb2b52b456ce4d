import { settings, UsageError, type Setting, type StartOptions } from './settings.js';

export { UsageError, type StartOptions };

const byFlag = new Map(settings.filter((s) => s.flag !== undefined).map((s) => [s.flag as string, s]));

/**
 * Reads the command line and the environment through the settings table: the environment first,
 * then flags (which win). Refuses unknown flags, positional arguments, missing and bad values
 * with a UsageError that says which.
 */
export function parseStart(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): StartOptions {
  const options: StartOptions = { help: false, port: 8080, host: '127.0.0.1', demo: false, rebuildAnalytics: false, dbFile: undefined, secret: undefined, extraOrigins: [], config: {} };
  for (const s of settings) {
    const raw = s.env === undefined ? undefined : env[s.env];
    if (raw !== undefined && raw !== '') s.apply(options, s.parse(raw, s.env as string));
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '-h') {
      options.help = true;
      continue;
    }
    const m = /^--([a-z][a-z0-9-]*)(?:=(.*))?$/s.exec(arg);
    if (!m) throw new UsageError(arg.startsWith('-') ? `Unknown flag ${arg}.` : `Unexpected argument "${arg}": every setting is a --flag.`);
    const [, name, inline] = m as unknown as [string, string, string | undefined];
    const s = byFlag.get(name);
    if (!s) throw new UsageError(`Unknown flag --${name}.`);
    let raw = inline;
    if (raw === undefined && s.format !== undefined) {
      raw = argv[++i];
      if (raw === undefined) throw new UsageError(`--${name} needs a value (${s.format}).`);
    }
    s.apply(options, s.parse(raw ?? '', `--${name}`));
  }
  return options;
}

const flagWithValue = (s: Setting) => (s.flag === undefined ? '' : `--${s.flag}${s.format === undefined ? '' : ` ${s.format}`}`);

/** The text of `--help`: every setting with its format, environment variable, default and meaning. */
export function helpText(command: string): string {
  const lines = [
    `Usage: ${command} [--flag value]…`,
    '',
    'Starts the Chatdesk server. A flag wins over its environment variable.',
    '',
  ];
  for (const s of settings) {
    const head = [flagWithValue(s), s.env === undefined ? '' : `${s.flag === undefined ? '' : 'env '}${s.env}${s.flag === undefined && s.format ? `=${s.format}` : ''}`]
      .filter(Boolean)
      .join('   ');
    lines.push(`  ${head}${s.default ? `   (default: ${s.default})` : ''}`);
    lines.push(...wrap(s.help.replaceAll('`', ''), 92).map((l) => `      ${l}`));
  }
  return `${lines.join('\n')}\n`;
}

/** The README's table of flags and environment variables (a generated region). */
export function settingsMarkdown(): string {
  const cell = (s: string) => s.replaceAll('|', '\\|');
  const rows = settings.map((s) => {
    const flag = s.flag === undefined ? '' : `\`--${s.flag}\``;
    const env = s.env === undefined ? '' : `\`${s.env}\``;
    const format = s.format === undefined ? (s.flag === undefined ? '' : 'switch') : `\`${s.format}\``;
    return `| ${flag} | ${env} | ${cell(format)} | ${cell(s.default)} | ${cell(s.help)} |`;
  });
  return ['| flag | environment | value | default | meaning |', '|---|---|---|---|---|', ...rows].join('\n');
}

function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  return out;
}
