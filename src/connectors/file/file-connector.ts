// connector = 'file': the files landing in a local directory, each ingested exactly once.
import { stat } from 'node:fs/promises';
import type { SourceConnector, SourceReader, SourceSpec } from '../../stream/source.js';
import { SqlError } from '../../types/error.js';
import { decoderFor } from '../format/decoder-for.js';
import { parseFilePosition } from './file-position.js';
import { FileSourceReader, type FileSourceSettings } from './file-source-reader.js';
import { globMatcher } from './glob-matcher.js';
import { withResolvedPath } from './relative-path.js';

/** How long a file must stay unchanged before it is taken, unless `settle_ms` says otherwise. */
const DEFAULT_SETTLE_MS = 1000;

/** Option names for the directory: Tally's, RisingWave's posix_fs, and Flink's legacy filesystem connector. */
export const FILE_SOURCE_PATH_OPTIONS: readonly string[] = ['path', 'posix_fs.root', 'connector.path'];

/**
 * Reads the options: `path` (the directory, required), `match_pattern` (a glob over file names, default '*'),
 * `settle_ms` (how long a file must stay unchanged to count as complete, default 1000), `clean_source` ('off', the
 * default, or 'delete': a file is deleted once a committed checkpoint holds all its records — Spark's cleanSource).
 */
function fileSettings(spec: SourceSpec): FileSourceSettings {
  const directory = FILE_SOURCE_PATH_OPTIONS.map((name) => spec.options.get(name)).find((value) => value !== undefined);
  if (directory === undefined || directory === '') {
    throw new SqlError('invalid_parameter_value', 'missing option "path" for connector "file"', {
      hint: "Add WITH (connector = 'file', path = '/directory/of/files').",
    });
  }
  const settleText = spec.options.get('settle_ms') ?? String(DEFAULT_SETTLE_MS);
  const settleMs = Number(settleText);
  if (!/^\d+$/.test(settleText) || !Number.isSafeInteger(settleMs)) {
    throw new SqlError('invalid_parameter_value', `invalid value for option "settle_ms": "${settleText}"`, {
      hint: 'Give a whole number of milliseconds.',
    });
  }
  const cleanSource = spec.options.get('clean_source') ?? 'off';
  if (cleanSource !== 'off' && cleanSource !== 'delete') {
    throw new SqlError('invalid_parameter_value', `invalid value for option "clean_source": "${cleanSource}"`, {
      hint: "Use 'off' (keep the files) or 'delete' (delete each file once a checkpoint holds its records).",
    });
  }
  return { directory, matches: globMatcher(spec.options.get('match_pattern') ?? '*'), settleMs, deleteFinished: cleanSource === 'delete' };
}

/** Where relative `path` options start from: `baseDir` (default: the working directory when the source opens). */
export interface FileConnectorOptions {
  readonly baseDir?: string;
}

/**
 * A file source connector. Formats: FORMAT PLAIN ENCODE JSON (JSON lines, the default), PLAIN CSV, UPSERT JSON (on
 * a TABLE with a PRIMARY KEY) and DEBEZIUM JSON. `open` fails when the directory cannot be read.
 */
export function createFileConnector(options: FileConnectorOptions = {}): SourceConnector {
  const resolved = (spec: SourceSpec): SourceSpec => ({ ...spec, options: withResolvedPath(spec.options, FILE_SOURCE_PATH_OPTIONS, options.baseDir ?? process.cwd()) });
  return {
    name: 'file',

    validate(spec) {
      fileSettings(spec);
      decoderFor(spec);
    },

    open(spec, position): Promise<SourceReader> {
      return openReader(resolved(spec), position);
    },
  };
}

/** The file source the engine registers: relative paths from the working directory. */
export const fileConnector: SourceConnector = createFileConnector();

/** Opens a reader over the spec's directory (absolute by now), at `position`. */
async function openReader(spec: SourceSpec, position: unknown): Promise<SourceReader> {
  const settings = fileSettings(spec);
  const resumeAt = parseFilePosition(position);
  const info = await stat(settings.directory).catch((err: NodeJS.ErrnoException) => {
    throw new SqlError('invalid_parameter_value', `could not open directory "${settings.directory}": ${describe(err)}`);
  });
  if (!info.isDirectory()) {
    throw new SqlError('invalid_parameter_value', `could not open directory "${settings.directory}": not a directory`);
  }
  return FileSourceReader.open(spec, settings, resumeAt);
}

function describe(err: NodeJS.ErrnoException): string {
  switch (err.code) {
    case 'ENOENT': return 'no such file or directory';
    case 'EACCES': return 'permission denied';
    default: return err.message;
  }
}
