// connector = 'file' (or RisingWave's 'fs') as a sink: an archive of Parquet or JSON lines files partitioned by time.
import type { SinkConnector, SinkSpec, SinkWriter } from '../../stream/sink.js';
import { fileSinkFlushPolicy, fileSinkSettings } from './file-sink-options.js';
import { FileSinkWriter } from './file-sink-writer.js';
import { withResolvedPath } from './relative-path.js';

/** Where relative `path` options start from: `baseDir` (default: the working directory when the sink opens). */
export interface FileSinkConnectorOptions {
  readonly baseDir?: string;
}

/** Directory options: Tally's, RisingWave's fs sink, Flink's legacy filesystem connector (as `fileSinkSettings` reads them). */
const PATH_OPTIONS = ['path', 'fs.path', 'connector.path'];

/**
 * A file sink connector under `name`. Options: see `fileSinkSettings` and `fileSinkFlushPolicy`. `open`
 * creates the archive directory when it is missing and rejects when it cannot be written.
 */
export function createFileSinkConnector(name: string, options: FileSinkConnectorOptions = {}): SinkConnector {
  const resolved = (spec: SinkSpec): SinkSpec => ({ ...spec, options: withResolvedPath(spec.options, PATH_OPTIONS, options.baseDir ?? process.cwd()) });
  return {
    name,

    flushPolicy: fileSinkFlushPolicy,

    validate(spec: SinkSpec): void {
      fileSinkSettings(spec);
      fileSinkFlushPolicy(spec.options);
    },

    open(spec: SinkSpec): Promise<SinkWriter> {
      const absolute = resolved(spec);
      return FileSinkWriter.open(absolute, fileSinkSettings(absolute));
    },
  };
}

/** The archive sink the engine registers as `connector = 'file'`. */
export const fileSinkConnector: SinkConnector = createFileSinkConnector('file');

/** The same sink under RisingWave's name for its local file system sink, `connector = 'fs'`. */
export const fsSinkConnector: SinkConnector = createFileSinkConnector('fs');
