/**
 * `npm run docs`: writes the generated regions of README.md from the code that holds the facts —
 * the protocol reference from the valibot schemas and registries of packages/protocol, the
 * server's flags from its settings table, each element's exported parts from the elements'
 * `defineParts`. Tests fail when a region differs from this output.
 */
import { writeFileSync } from 'node:fs';
import { settingsMarkdown } from '../packages/server/src/cli/parse.js';
import { exportingElements, loadParts, renderExportedParts } from './parts-reference.js';
import { renderProtocolReference } from './protocol-reference.js';
import { README, readReadme, writeRegion } from './readme-regions.js';

await loadParts();
const regions: Record<string, () => string> = {
  'protocol-reference': renderProtocolReference,
  'server-flags': settingsMarkdown,
  ...Object.fromEntries(exportingElements().map((tag) => [`parts:${tag}`, () => renderExportedParts(tag)])),
};

let readme = readReadme();
for (const [name, render] of Object.entries(regions)) readme = writeRegion(readme, name, render());
writeFileSync(README, readme);
console.log(`README.md: ${Object.keys(regions).join(', ')} regenerated`);
