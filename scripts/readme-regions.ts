/**
 * Generated regions of README.md: `<!-- NAME:begin -->` … `<!-- NAME:end -->`. The text between
 * the markers belongs to `npm run docs`; tests compare it with what the code generates now.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const README = fileURLToPath(new URL('../README.md', import.meta.url));

const markers = (name: string) => [`<!-- ${name}:begin -->`, `<!-- ${name}:end -->`] as const;

/** The text between a region's markers (without the newlines next to them). */
export function readRegion(readme: string, name: string): string {
  const [begin, end] = markers(name);
  const from = readme.indexOf(begin);
  const to = readme.indexOf(end);
  if (from < 0 || to < from) throw new Error(`README.md has no region "${name}" (${begin} … ${end})`);
  return readme.slice(from + begin.length, to).replace(/^\n/, '').replace(/\n$/, '');
}

/** The README with a region's content replaced. */
export function writeRegion(readme: string, name: string, content: string): string {
  const [begin, end] = markers(name);
  const from = readme.indexOf(begin);
  const to = readme.indexOf(end);
  if (from < 0 || to < from) throw new Error(`README.md has no region "${name}" (${begin} … ${end})`);
  return `${readme.slice(0, from + begin.length)}\n${content}\n${readme.slice(to)}`;
}

export function readReadme(): string {
  return readFileSync(README, 'utf8');
}
