// Draws the 通知 tab icons (a bell) in the style of the other tab icons: 81×81, one solid colour,
// anti-aliased by 4×4 supersampling. Run: node miniapp/scripts/tabbar-notice-icon.cjs <path to pngjs>
const fs = require('fs');
const path = require('path');
const { PNG } = require(process.argv[2]);

const cx = 40.5;
function inside(x, y) {
  if (Math.hypot(x - cx, y - 12.5) <= 4.5) return true; // the knob
  if (y >= 17 && y < 34 && Math.hypot(x - cx, y - 34) <= 17) return true; // the dome
  if (y >= 34 && y < 55) return Math.abs(x - cx) <= 17 + ((y - 34) / 21) * 9; // the flaring body
  if (y >= 55 && y <= 61) {
    const dx = Math.abs(x - cx);
    return dx <= 26 || Math.hypot(dx - 26, y - 58) <= 3; // the rim, rounded ends
  }
  if (Math.hypot(x - cx, y - 65.5) <= 6 && y > 61) return true; // the clapper
  return false;
}

function draw(rgb, file) {
  const png = new PNG({ width: 81, height: 81 });
  for (let y = 0; y < 81; y++) {
    for (let x = 0; x < 81; x++) {
      let hits = 0;
      for (let sy = 0; sy < 4; sy++) for (let sx = 0; sx < 4; sx++) if (inside(x + (sx + 0.5) / 4, y + (sy + 0.5) / 4)) hits++;
      const i = (y * 81 + x) * 4;
      png.data[i] = rgb[0];
      png.data[i + 1] = rgb[1];
      png.data[i + 2] = rgb[2];
      png.data[i + 3] = Math.round((hits / 16) * 255);
    }
  }
  fs.writeFileSync(file, PNG.sync.write(png));
}

const dir = path.join(__dirname, '../src/assets/tabbar');
draw([99, 113, 109], path.join(dir, 'notices.png'));
draw([27, 127, 104], path.join(dir, 'notices-active.png'));
