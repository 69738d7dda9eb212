import sharp from 'sharp';

/** A real JPEG as a phone writes it: camera make and a GPS position in its EXIF (金华, near 西十村). */
export async function jpegWithGps(width = 640, height = 480): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#4a7a3a' } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'TestPhone', Model: 'X1' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '29/1 5/1 3000/100', GPSLongitudeRef: 'E', GPSLongitude: '119/1 38/1 1200/100' },
    })
    .toBuffer();
}

export async function pngImage(width = 200, height = 120): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 4, background: { r: 200, g: 60, b: 60, alpha: 0.8 } } }).png().toBuffer();
}

/** A multipart form with one file, as the mini-program's uploadFile sends it. */
export function imageForm(bytes: Buffer, filename = 'photo.jpg', type = 'image/jpeg'): FormData {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)], { type }), filename);
  return form;
}
