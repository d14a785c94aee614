/**
 * A HyperLogLog for embedded mode's distinct devices, as Redis' PFADD/PFCOUNT keep them on the
 * Redis store: 2^14 six-bit registers (16 KiB per blog however many devices come), about 0.8 %
 * standard error, and no device id kept. Counting ids in a Set instead would let anyone who
 * clears their cookies in a loop grow the server's memory without bound.
 */
import { createHash } from "node:crypto";

const INDEX_BITS = 14;
const REGISTERS = 1 << INDEX_BITS;

export class HyperLogLog {
  private readonly registers = new Uint8Array(REGISTERS);

  add(value: string) {
    const hash = createHash("sha1").update(value).digest();
    const high = hash.readUInt32BE(0);
    const index = high >>> (32 - INDEX_BITS);
    // The rank: the position of the first 1 bit in the 50 bits after the index.
    const rest = ((high << INDEX_BITS) >>> 0) * 2 ** 18 + (hash.readUInt32BE(4) >>> 14);
    let rank = 1;
    for (let bit = 49; bit >= 0 && Math.floor(rest / 2 ** bit) % 2 === 0; bit--) rank++;
    if (rank > this.registers[index]!) this.registers[index] = rank;
  }

  count(): number {
    let sum = 0;
    let zeros = 0;
    for (const register of this.registers) {
      sum += 2 ** -register;
      if (register === 0) zeros++;
    }
    const alpha = 0.7213 / (1 + 1.079 / REGISTERS);
    const estimate = (alpha * REGISTERS * REGISTERS) / sum;
    // Few devices: linear counting of the empty registers is the better estimate.
    if (estimate <= 2.5 * REGISTERS && zeros > 0)
      return Math.round(REGISTERS * Math.log(REGISTERS / zeros));
    return Math.round(estimate);
  }
}
