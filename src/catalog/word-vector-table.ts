// The shipped word-vector table: its binary layout, and lookup of a word's vector without a Map of strings.
import { GatewayError } from '../errors/gateway-error.js';

/**
 * Layout (little-endian): MAGIC; u32 count, dims, wordBytes; the words as ASCII joined by '\n', padded to
 * 4 bytes; u32 rank per word (its place in the source's frequency order, 0 = commonest); f32 scale per
 * word; i8 vector per word (value = byte * scale). Words are stored in rank order.
 */
export const WORD_VECTOR_MAGIC = 'TGWV0001';
const HEADER_BYTES = WORD_VECTOR_MAGIC.length + 12;
/** Bounds a corrupt header cannot pass: more would not be a table this project builds. */
const MAX_WORDS = 1_000_000;
const MAX_DIMS = 1024;

export interface WordVectorSource {
  words: readonly string[];
  ranks: readonly number[];
  /** Float vectors, all of `dims` length, already post-processed (centred, components removed). */
  vectors: readonly Float32Array[];
  dims: number;
}

/** Quantises each vector to int8 with its own scale and lays the table out as described above. */
export function encodeWordVectors(source: WordVectorSource): Buffer {
  const { words, ranks, vectors, dims } = source;
  const text = Buffer.from(words.join('\n'), 'latin1');
  const textBytes = align4(text.length);
  const count = words.length;
  const out = Buffer.alloc(HEADER_BYTES + textBytes + count * 8 + count * dims);
  out.write(WORD_VECTOR_MAGIC, 0, 'latin1');
  out.writeUInt32LE(count, 8);
  out.writeUInt32LE(dims, 12);
  out.writeUInt32LE(text.length, 16);
  text.copy(out, HEADER_BYTES);
  let at = HEADER_BYTES + textBytes;
  for (const rank of ranks) at = out.writeUInt32LE(rank, at);
  const scales = vectors.map((vector) => vector.reduce((max, x) => Math.max(max, Math.abs(x)), 0) / 127 || 1);
  for (const scale of scales) at = out.writeFloatLE(scale, at);
  vectors.forEach((vector, i) => {
    for (let d = 0; d < dims; d++) out.writeInt8(Math.round((vector[d] ?? 0) / (scales[i] as number)), at++);
  });
  return out;
}

/** A loaded table: typed-array views over one buffer plus an open-addressing hash of word offsets. */
export class WordVectorTable {
  readonly count: number;
  readonly dims: number;
  private readonly text: Uint8Array;
  private readonly starts: Uint32Array;
  private readonly ranks: Uint32Array;
  private readonly scales: Float32Array;
  private readonly values: Int8Array;
  private readonly slots: Int32Array;

  constructor(buffer: Buffer, origin: string) {
    const fail = (what: string) =>
      new GatewayError('INTERNAL', `The word-vector table ${origin} is not a valid table: ${what}.`, {
        hint: 'Reinstall toolgate, or in a checkout rebuild it: node --import tsx scripts/build-word-vectors.ts',
      });
    if (buffer.length < HEADER_BYTES || buffer.toString('latin1', 0, 8) !== WORD_VECTOR_MAGIC)
      throw fail(`expected the header ${WORD_VECTOR_MAGIC}`);
    const count = buffer.readUInt32LE(8);
    const dims = buffer.readUInt32LE(12);
    const textLength = buffer.readUInt32LE(16);
    if (count < 1 || count > MAX_WORDS || dims < 1 || dims > MAX_DIMS) throw fail(`${count} words of ${dims} dims`);
    const textStart = HEADER_BYTES;
    const rankStart = textStart + align4(textLength);
    const scaleStart = rankStart + count * 4;
    const valueStart = scaleStart + count * 4;
    if (buffer.length !== valueStart + count * dims)
      throw fail(`${buffer.length} bytes where the header implies ${valueStart + count * dims}`);
    // Typed views need 4-byte alignment; a file read whole usually has it, a slice of a pooled buffer may not.
    const bytes = buffer.byteOffset % 4 === 0 ? buffer : Uint8Array.from(buffer);
    this.count = count;
    this.dims = dims;
    this.text = bytes.subarray(textStart, textStart + textLength);
    const base = bytes.byteOffset;
    this.ranks = new Uint32Array(bytes.buffer, base + rankStart, count);
    this.scales = new Float32Array(bytes.buffer, base + scaleStart, count);
    this.values = new Int8Array(bytes.buffer, base + valueStart, count * dims);
    this.starts = new Uint32Array(count + 1);
    let word = 0;
    for (let i = 0; i < this.text.length && word < count; i++) if (this.text[i] === 10) this.starts[++word] = i + 1;
    if (word !== count - 1) throw fail(`${word + 1} words in the word list, ${count} in the header`);
    this.starts[count] = this.text.length + 1;
    this.slots = new Int32Array(tableSize(count)).fill(-1);
    for (let i = 0; i < count; i++) {
      let slot = this.hashAt(i) & (this.slots.length - 1);
      while (this.slots[slot] !== -1) slot = (slot + 1) & (this.slots.length - 1);
      this.slots[slot] = i;
    }
  }

  /** The word's row, or -1 when the table does not have it. */
  indexOf(word: string): number {
    const mask = this.slots.length - 1;
    for (let slot = hashString(word) & mask; ; slot = (slot + 1) & mask) {
      const index = this.slots[slot] as number;
      if (index === -1) return -1;
      if (this.wordEquals(index, word)) return index;
    }
  }

  /** Place of the word in the source's frequency order (0 = the commonest word). */
  rankOf(index: number): number {
    return this.ranks[index] as number;
  }

  /** Adds `weight` times the row's vector to `into`. */
  addTo(into: Float32Array, index: number, weight: number): void {
    const factor = weight * (this.scales[index] as number);
    const base = index * this.dims;
    for (let d = 0; d < this.dims; d++) into[d] = (into[d] as number) + factor * (this.values[base + d] as number);
  }

  /** Bytes held, for the memory budget. */
  get byteSize(): number {
    return this.text.length + this.values.byteLength + this.count * 8 + this.starts.byteLength + this.slots.byteLength;
  }

  private wordEquals(index: number, word: string): boolean {
    const start = this.starts[index] as number;
    const length = (this.starts[index + 1] as number) - 1 - start;
    if (length !== word.length) return false;
    for (let i = 0; i < length; i++) if (this.text[start + i] !== word.charCodeAt(i)) return false;
    return true;
  }

  private hashAt(index: number): number {
    let hash = FNV_OFFSET;
    for (let i = this.starts[index] as number; i < (this.starts[index + 1] as number) - 1; i++)
      hash = Math.imul(hash ^ (this.text[i] as number), FNV_PRIME);
    return hash >>> 0;
  }
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a over char codes; table words are ASCII, so this matches hashAt for every word that can match. */
function hashString(word: string): number {
  let hash = FNV_OFFSET;
  for (let i = 0; i < word.length; i++) hash = Math.imul(hash ^ (word.charCodeAt(i) & 0xffff), FNV_PRIME);
  return hash >>> 0;
}

/** A power of two at least twice the count: short probe runs. */
function tableSize(count: number): number {
  let size = 2;
  while (size < count * 2) size *= 2;
  return size;
}

function align4(n: number): number {
  return (n + 3) & ~3;
}
