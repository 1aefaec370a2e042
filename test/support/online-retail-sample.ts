import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { ONLINE_RETAIL_PATH } from '../../src/ml/data/online-retail-dataset.js';

/**
 * Writes the header and the first `rows` rows of the real Online Retail file (../shared/data) to a
 * temporary CSV: a real slice, quirks included, small enough for an end-to-end training test.
 */
export async function writeOnlineRetailSample(rows: number): Promise<string> {
  const path = join(mkdtempSync(join(tmpdir(), 'tailor-or-')), `online-retail-${rows}.csv`);
  const out = createWriteStream(path);
  const lines = createInterface({
    input: createReadStream(ONLINE_RETAIL_PATH).pipe(createGunzip()),
    crlfDelay: Infinity,
  });
  let n = 0;
  for await (const line of lines) {
    out.write(`${line}\n`);
    if (n++ >= rows) break;
  }
  lines.close();
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  return path;
}
