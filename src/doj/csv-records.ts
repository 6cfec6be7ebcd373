import { CsvLineError, parseCsvLine } from './csv-line';

/**
 * RFC 4180 records from text that arrives in pieces (a file read in chunks), for parseCsvLine:
 * a record ends at a line break outside quotes, so a quoted CR/LF stays inside its field, CRLF and
 * LF endings both end a record, and a byte-order mark at the start is dropped. Only the record
 * being read is held, never the whole file. Blank lines are skipped, as the readers skip them.
 */
export interface CsvRecord {
  fields: string[];
  /** The 1-based line, as an editor counts lines, on which the record starts. */
  line: number;
}

/** A record that breaks RFC 4180, with the line it starts on; the message never quotes it. */
export class CsvRecordError extends Error {
  constructor(
    readonly line: number,
    readonly problem: string,
  ) {
    super(`line ${line}: ${problem}`);
    this.name = 'CsvRecordError';
  }
}

const QUOTE = 34;
const LF = 10;

export class CsvRecordSplitter {
  /** The text of the record being read, so far. */
  private pending = '';
  private inQuotes = false;
  private started = false;
  /** The line the pending record starts on, and the line the scan has reached. */
  private recordLine = 1;
  private lineAtScan = 1;

  /** The records this chunk completes, in order. */
  push(chunk: string): CsvRecord[] {
    if (!this.started && chunk !== '') {
      this.started = true;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    }
    const records: CsvRecord[] = [];
    let start = 0;
    // Only the new text is looked at: `pending` was scanned when it arrived.
    const from = this.pending.length;
    const text = this.pending + chunk;
    for (let i = from; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === QUOTE) {
        // A doubled quote inside quotes toggles twice, so parity is all a split needs.
        this.inQuotes = !this.inQuotes;
      } else if (c === LF) {
        this.lineAtScan += 1;
        if (!this.inQuotes) {
          this.emit(text.slice(start, i), records);
          start = i + 1;
          this.recordLine = this.lineAtScan;
        }
      }
    }
    this.pending = text.slice(start);
    return records;
  }

  /** The last record, when the text does not end with a line break. */
  end(): CsvRecord[] {
    const records: CsvRecord[] = [];
    if (this.pending !== '') this.emit(this.pending, records);
    this.pending = '';
    return records;
  }

  private emit(raw: string, records: CsvRecord[]): void {
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (text === '') return;
    try {
      records.push({ fields: parseCsvLine(text), line: this.recordLine });
    } catch (error) {
      if (error instanceof CsvLineError) throw new CsvRecordError(this.recordLine, error.message);
      throw error;
    }
  }
}

/** Every record of a whole text (small files and tests). */
export function csvRecordsOf(text: string): CsvRecord[] {
  const splitter = new CsvRecordSplitter();
  return [...splitter.push(text), ...splitter.end()];
}

/** Every record of text arriving in chunks (a file read as a stream). */
export async function* csvRecords(
  chunks: AsyncIterable<string> | Iterable<string>,
): AsyncGenerator<CsvRecord> {
  const splitter = new CsvRecordSplitter();
  for await (const chunk of chunks) yield* splitter.push(chunk);
  yield* splitter.end();
}

/** A byte stream (a browser File's, or a Node one) as UTF-8 text chunks, split safely. */
export async function* utf8Chunks(stream: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const reader = stream.getReader();
  const decoder = new TextDecoder('utf-8');
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      const text = decoder.decode(value, { stream: true });
      if (text !== '') yield text;
    }
    const rest = decoder.decode();
    if (rest !== '') yield rest;
  } finally {
    reader.releaseLock();
  }
}
