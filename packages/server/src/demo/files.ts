import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import type { BlobStore } from '../ports/blob-store.js';
import type { NewFileRow } from '../ports/storage.js';
import { fileRowOf, hashFile, inspect, keepBlobs } from '../http/media.js';

/** The demo's files (S-DLG-9): drawn here, then kept exactly as an upload would be. */
export type DemoFile = 'photo' | 'receipt';

/** A shoe box, drawn as SVG and rendered to JPEG (a "photo of the goods"). */
const PHOTO_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="960" height="720">
<rect width="960" height="720" fill="#dfe7ef"/><rect x="0" y="520" width="960" height="200" fill="#b9c4cf"/>
<polygon points="220,300 620,260 760,330 360,380" fill="#e8a15a"/><polygon points="220,300 360,380 360,560 220,470" fill="#c77f3c"/>
<polygon points="360,380 760,330 760,500 360,560" fill="#d98f48"/><rect x="450" y="420" width="200" height="60" rx="6" fill="#fff" opacity=".85"/>
<text x="550" y="460" font-family="sans-serif" font-size="30" text-anchor="middle" fill="#333">AERO 38</text></svg>`;

/** A one-page PDF receipt (what file-type calls application/pdf). */
const RECEIPT = `%PDF-1.4
1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj
2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj
3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 300 200]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>endobj
4 0 obj<</Length 44>>stream
BT /F1 18 Tf 30 100 Td (Receipt #1024) Tj ET
endstream endobj
5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj
trailer<</Root 1 0 R>>
%%EOF
`;

/** Makes a demo file's blobs (through the same inspection as an upload) and resolves to its row, less who and when. */
export async function demoFile(blobs: BlobStore, which: DemoFile): Promise<Omit<NewFileRow, 'owner_key' | 'created_at'>> {
  const dir = await mkdtemp(join(tmpdir(), 'chatdesk-demo-'));
  try {
    const source = join(dir, which);
    if (which === 'photo') await sharp(Buffer.from(PHOTO_SVG)).jpeg({ quality: 85 }).toFile(source);
    else await writeFile(source, RECEIPT);
    let n = 0;
    const found = await inspect(await hashFile(source), (suffix) => join(dir, `${n++}${suffix}`));
    await keepBlobs(blobs, found);
    return fileRowOf(found, which === 'photo' ? 'фото-товара.jpg' : 'чек-1024.pdf');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
