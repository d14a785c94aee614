/**
 * Pictures for upload tests, made on the spot with sharp: photos with noise in them (so that
 * they do not compress to nothing, as real photos do not), a phone's JPEG with GPS, a camera
 * serial and a sideways EXIF orientation, a decompression bomb, and damaged files.
 */
import { crc32, deflateSync } from "node:zlib";
import sharp from "sharp";

export type PictureFormat = "jpeg" | "png" | "webp" | "gif" | "avif";

/** A photo-like picture: blurred colour noise, `width` x `height`, in `format`. */
export async function photo(
  width: number,
  height: number,
  format: PictureFormat = "jpeg",
): Promise<Buffer> {
  const noisy = sharp({
    create: {
      width,
      height,
      channels: 3,
      background: "#3b6ea5",
      noise: { type: "gaussian", mean: 120, sigma: 40 },
    },
  }).blur(1.2);
  return noisy.toFormat(format, format === "avif" ? { effort: 0 } : {}).toBuffer();
}

/** An animated GIF: `frames` frames of a red square moving on white. */
export async function animatedGif(width: number, height: number, frames: number) {
  const square = Math.round(height / 4);
  return sharp({
    create: {
      width,
      height: height * frames,
      channels: 4,
      background: "#ffffff",
      pageHeight: height,
    },
  })
    .composite(
      Array.from({ length: frames }, (_, i) => ({
        input: { create: { width: square, height: square, channels: 4, background: "#cc0000" } },
        left: Math.round(((width - square) * i) / Math.max(1, frames - 1)),
        top: i * height + square,
      })),
    )
    .gif({ delay: Array.from({ length: frames }, () => 100) })
    .toBuffer();
}

/** What a phone's photo may carry that must never reach readers. */
export const SECRETS = {
  make: "LeakyCam",
  serial: "SN-8675309-SECRET",
  gps: { latitude: "41/1 0/1 3600/100", longitude: "28/1 58/1 4800/100" },
};

/**
 * A JPEG `width` x `height` as stored, with EXIF orientation 6 (shown turned 90 degrees
 * clockwise, so `height` x `width` upright), GPS coordinates, a body serial, an XMP packet
 * repeating the position, and a Display P3 ICC profile.
 */
export async function phonePhoto(width: number, height: number): Promise<Buffer> {
  return sharp(await photo(width, height))
    .jpeg()
    .withExif({
      IFD0: { Make: SECRETS.make, Model: "Model 9" },
      IFD2: { BodySerialNumber: SECRETS.serial },
      IFD3: {
        GPSLatitudeRef: "N",
        GPSLatitude: SECRETS.gps.latitude,
        GPSLongitudeRef: "E",
        GPSLongitude: SECRETS.gps.longitude,
      },
    })
    .withMetadata({ orientation: 6 })
    .withIccProfile("p3")
    .withXmp(
      `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:tiff="http://ns.adobe.com/tiff/1.0/" tiff:Make="${SECRETS.make}"/></rdf:RDF></x:xmpmeta>`,
    )
    .toBuffer();
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

/**
 * A PNG `size` x `size` pixels of black, 1 bit a pixel, deflated: some 50 KB that decode to
 * `size` squared bytes (400 MB for 20,000) or more once a decoder widens it to 8-bit RGB.
 */
export function pngBomb(size = 20_000): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 1; // bit depth
  header[9] = 0; // greyscale
  // Each row: filter byte 0, then size/8 bytes of zeros.
  const rows = Buffer.alloc((1 + Math.ceil(size / 8)) * size);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk("IHDR", header),
    pngChunk("IDAT", deflateSync(rows, { level: 9 })),
    pngChunk("IEND", Buffer.alloc(0)),
  ]);
}

/** The first `fraction` of a picture's bytes: a transfer cut short. */
export const truncated = (bytes: Buffer, fraction = 0.5) =>
  bytes.subarray(0, Math.floor(bytes.length * fraction));

/** An SVG drawing with a script in it. */
export const scriptedSvg = Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="300"><script>alert(document.cookie)</script><rect width="400" height="300" fill="red"/></svg>',
);
