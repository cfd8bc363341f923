// connector = 'file' (or RisingWave's 'fs') as a sink: an archive of Parquet or JSON lines files partitioned by time.
import type { SinkConnector, SinkSpec, SinkWriter } from '../../stream/sink.js';
import { fileSinkFlushPolicy, fileSinkSettings } from './file-sink-options.js';
import { FileSinkWriter } from './file-sink-writer.js';

/**
 * A file sink connector under `name`. Options: see `fileSinkSettings` and `fileSinkFlushPolicy`. `open`
 * creates the archive directory when it is missing and rejects when it cannot be written.
 */
export function createFileSinkConnector(name: string): SinkConnector {
  return {
    name,

    flushPolicy: fileSinkFlushPolicy,

    validate(spec: SinkSpec): void {
      fileSinkSettings(spec);
      fileSinkFlushPolicy(spec.options);
    },

    open(spec: SinkSpec): Promise<SinkWriter> {
      return FileSinkWriter.open(spec, fileSinkSettings(spec));
    },
  };
}

/** The archive sink the engine registers as `connector = 'file'`. */
export const fileSinkConnector: SinkConnector = createFileSinkConnector('file');

/** The same sink under RisingWave's name for its local file system sink, `connector = 'fs'`. */
export const fsSinkConnector: SinkConnector = createFileSinkConnector('fs');
