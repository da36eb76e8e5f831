/**
 * Growable byte writer / reader with LEB128 varints. Varints are written with arithmetic instead of
 * bit operators because times and integer values exceed 32 bits; callers keep magnitudes ≤ 2^52 so
 * every intermediate stays an exact float64 integer.
 */
export const MAX_VARINT = 2 ** 53 - 1;

export class ByteWriter {
  private buf: Buffer;
  private pos = 0;

  constructor(initial = 256) {
    this.buf = Buffer.allocUnsafe(initial);
  }

  private ensure(extra: number): void {
    if (this.pos + extra <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + extra) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  get length(): number {
    return this.pos;
  }

  byte(b: number): void {
    this.ensure(1);
    this.buf[this.pos++] = b;
  }

  varint(n: number): void {
    if (!Number.isInteger(n) || n < 0 || n > MAX_VARINT) throw new RangeError(`varint out of range: ${n}`);
    this.ensure(8);
    while (n >= 128) {
      this.buf[this.pos++] = (n % 128) + 128;
      n = Math.floor(n / 128);
    }
    this.buf[this.pos++] = n;
  }

  /** signed integers, |n| ≤ 2^52 */
  zigzag(n: number): void {
    this.varint(n >= 0 ? n * 2 : -n * 2 - 1);
  }

  float64(x: number): void {
    this.ensure(8);
    this.buf.writeDoubleLE(x, this.pos);
    this.pos += 8;
  }

  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  /** what `other` holds so far, copied without a view of it (no object per call) */
  append(other: ByteWriter): void {
    this.ensure(other.pos);
    other.buf.copy(this.buf, this.pos, 0, other.pos);
    this.pos += other.pos;
  }

  /** length-prefixed UTF-8 */
  string(s: string): void {
    const max = Buffer.byteLength(s, 'utf8');
    this.varint(max);
    this.ensure(max);
    this.pos += this.buf.write(s, this.pos, 'utf8');
  }

  /** empties the writer, keeping its buffer (a writer reused on a hot path allocates nothing) */
  reset(): void {
    this.pos = 0;
  }

  /** the content so far, without a copy: valid only until the writer is written to or reset */
  view(): Uint8Array {
    return this.buf.subarray(0, this.pos);
  }

  /** a copy sized to the content, safe to keep after the writer is reused */
  finish(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.pos));
  }
}

export class ByteReader {
  pos = 0;
  constructor(private readonly buf: Uint8Array) {}

  get done(): boolean {
    return this.pos >= this.buf.length;
  }

  byte(): number {
    if (this.pos >= this.buf.length) throw new RangeError('truncated data');
    return this.buf[this.pos++];
  }

  varint(): number {
    let result = 0;
    let scale = 1;
    for (;;) {
      const b = this.byte();
      result += (b & 0x7f) * scale;
      if (b < 128) return result;
      scale *= 128;
      if (scale > 2 ** 56) throw new RangeError('varint too long');
    }
  }

  zigzag(): number {
    const z = this.varint();
    return z % 2 === 0 ? z / 2 : -(z + 1) / 2;
  }

  float64(): number {
    if (this.pos + 8 > this.buf.length) throw new RangeError('truncated data');
    const view = new DataView(this.buf.buffer, this.buf.byteOffset + this.pos, 8);
    this.pos += 8;
    return view.getFloat64(0, true);
  }

  bytes(n: number): Uint8Array {
    if (this.pos + n > this.buf.length) throw new RangeError('truncated data');
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  string(): string {
    const n = this.varint();
    return Buffer.from(this.bytes(n)).toString('utf8');
  }
}
