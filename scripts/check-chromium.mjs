// Fails fast, with the fix, when the browser the tests need is missing (.ci/run installs it).
import { accessSync, constants } from 'node:fs';

const path = process.env.CHROME_PATH || '/usr/bin/chromium';
try {
  accessSync(path, constants.X_OK);
} catch {
  console.error(`Chromium not found at ${path} (or CHROME_PATH). Install it: apt-get install -y chromium`);
  process.exit(1);
}
