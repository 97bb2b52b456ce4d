/**
 * `npm run docs`: writes the generated regions of README.md from the code that holds the facts —
 * the protocol reference from the valibot schemas and registries of packages/protocol, the
 * server's flags from its settings table. Tests fail when a region differs from this output.
 */
import { writeFileSync } from 'node:fs';
import { settingsMarkdown } from '../packages/server/src/cli/parse.js';
import { renderProtocolReference } from './protocol-reference.js';
import { README, readReadme, writeRegion } from './readme-regions.js';

const regions: Record<string, () => string> = {
  'protocol-reference': renderProtocolReference,
  'server-flags': settingsMarkdown,
};

let readme = readReadme();
for (const [name, render] of Object.entries(regions)) readme = writeRegion(readme, name, render());
writeFileSync(README, readme);
console.log(`README.md: ${Object.keys(regions).join(', ')} regenerated`);
