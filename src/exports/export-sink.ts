// Where an export's text goes. A file is written atomically: to FILE.tmp, renamed onto FILE only when the export
// completes, removed when it fails, so a reader never sees half a file. Standard output streams as it goes.
import { createWriteStream, type WriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { once } from 'node:events';

export interface ExportSink {
  /** Resolves once the text is accepted (waits for the stream to drain: memory stays bounded). */
  write(text: string): Promise<void>;
  /** The export completed: make the output visible. */
  commit(): Promise<void>;
  /** The export failed: leave no partial output behind (a file keeps its previous content). */
  abort(): Promise<void>;
}

async function writeTo(stream: NodeJS.WritableStream, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}

export function fileSink(path: string): ExportSink {
  const tmp = `${path}.tmp`;
  const stream: WriteStream = createWriteStream(tmp, { flags: 'w' });
  let failure: Error | null = null;
  stream.on('error', (e) => (failure = e));
  const closed = async () => {
    if (!stream.closed) {
      stream.end();
      await once(stream, 'close').catch(() => undefined);
    }
  };
  return {
    async write(text) {
      if (failure) throw failure;
      await writeTo(stream, text);
    },
    async commit() {
      await closed();
      if (failure) throw failure;
      await rename(tmp, path);
    },
    async abort() {
      await closed();
      await rm(tmp, { force: true });
    },
  };
}

export function streamSink(stream: NodeJS.WritableStream): ExportSink {
  return {
    write: (text) => writeTo(stream, text),
    commit: async () => undefined,
    abort: async () => undefined,
  };
}
