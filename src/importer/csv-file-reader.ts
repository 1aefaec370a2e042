// Streams a CSV file (plain or gzip, detected by its magic bytes) as chunks of records.
// Memory stays bounded by one read chunk however large the file is.
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';
import { CsvSplitter, type CsvBadRecord, type CsvRecord } from './csv-splitter.js';
import { ImportFileError } from './import-errors.js';

export interface CsvChunk {
  records: CsvRecord[];
  bad: CsvBadRecord[];
  /** Bytes of the file (compressed, for gzip) consumed so far. */
  bytesRead: number;
  totalBytes: number;
}

/** Fails with an ImportFileError when the path is missing or not a regular file. */
export async function assertReadableFile(path: string): Promise<number> {
  try {
    const s = await stat(path);
    if (!s.isFile()) throw new ImportFileError(`not a file: ${path}`);
    return s.size;
  } catch (e) {
    if (e instanceof ImportFileError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new ImportFileError(
      code === 'ENOENT' ? `file not found: ${path}` : `cannot read ${path}: ${code ?? String(e)}`,
    );
  }
}

async function isGzip(path: string): Promise<boolean> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(2);
    const { bytesRead } = await fh.read(buf, 0, 2, 0);
    return bytesRead === 2 && buf[0] === 0x1f && buf[1] === 0x8b;
  } finally {
    await fh.close();
  }
}

export async function* readCsvFile(path: string, highWaterMark = 256 * 1024): AsyncGenerator<CsvChunk> {
  const totalBytes = await assertReadableFile(path);
  const gzip = await isGzip(path);
  const file = createReadStream(path, { highWaterMark });
  let bytesRead = 0;
  file.on('data', (b: Buffer | string) => {
    bytesRead += b.length;
  });
  let stream: Readable = file;
  if (gzip) {
    const gunzip = createGunzip({ chunkSize: highWaterMark });
    file.on('error', (e) => gunzip.destroy(e));
    stream = file.pipe(gunzip);
  }
  const decoder = new StringDecoder('utf8');
  const splitter = new CsvSplitter();
  try {
    for await (const buf of stream) {
      const out = splitter.push(decoder.write(buf as Buffer));
      if (out.records.length || out.bad.length) yield { ...out, bytesRead, totalBytes };
    }
  } catch (e) {
    if (gzip && (e as NodeJS.ErrnoException).code?.startsWith('Z_')) {
      throw new ImportFileError(`${path} is not a valid gzip file (${(e as Error).message})`);
    }
    throw e;
  } finally {
    file.destroy();
  }
  const tail = splitter.push(decoder.end());
  const last = splitter.end();
  yield {
    records: [...tail.records, ...last.records],
    bad: [...tail.bad, ...last.bad],
    bytesRead: totalBytes,
    totalBytes,
  };
}

/** Reads only the header row (first record) of a CSV file, for a fast check before any work. */
export async function readCsvHeader(path: string): Promise<string[]> {
  for await (const chunk of readCsvFile(path, 64 * 1024)) {
    if (chunk.records.length > 0) return chunk.records[0].fields;
  }
  return [];
}
