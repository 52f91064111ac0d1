import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * The machine that shows the demo may have no Chinese font at all (headless Debian chromium has
 * none), so the app brings Noto Sans SC in fontsource's unicode-range pieces: the browser fetches
 * only the pieces a page uses. Every browser we target reads WOFF2, so the WOFF fallbacks are
 * dropped to halve what the build copies.
 */
function woff2Only(): Plugin {
  return {
    name: 'fontsource-woff2-only',
    enforce: 'pre',
    transform(code, id) {
      if (!/@fontsource[\\/].+\.css$/.test(id)) return null;
      return { code: code.replace(/,\s*url\([^)]*\.woff\) format\('woff'\)/g, ''), map: null };
    },
  };
}

/**
 * The point's face guidance (@vladmandic/human) loads its models and TensorFlow.js's WebAssembly
 * from our own origin, never from a CDN: the two models it uses (face detector and mesh) and the
 * WASM binaries are copied into the build under /human/.
 */
export const HUMAN_ASSETS: Record<string, string> = {
  'human/models/blazeface.json': '@vladmandic/human/models/blazeface.json',
  'human/models/blazeface.bin': '@vladmandic/human/models/blazeface.bin',
  'human/models/facemesh.json': '@vladmandic/human/models/facemesh.json',
  'human/models/facemesh.bin': '@vladmandic/human/models/facemesh.bin',
  'human/wasm/tfjs-backend-wasm.wasm': '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm',
  'human/wasm/tfjs-backend-wasm-simd.wasm': '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm',
  'human/wasm/tfjs-backend-wasm-threaded-simd.wasm': '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm',
};
function humanAssets(): Plugin {
  return {
    name: 'human-assets',
    apply: 'build',
    generateBundle() {
      for (const [fileName, from] of Object.entries(HUMAN_ASSETS))
        this.emitFile({
          type: 'asset',
          fileName,
          source: readFileSync(fileURLToPath(new URL(`../node_modules/${from}`, import.meta.url))),
        });
    },
  };
}

export default defineConfig({
  root,
  base: '/',
  // public/ holds the page the service shows when the demo has not been built; it is not an asset folder.
  publicDir: false,
  plugins: [woff2Only(), humanAssets()],
  // The verify page runs the service's evidence-log verifier (src/audit/log) in the browser.
  resolve: { alias: { 'node:crypto': fileURLToPath(new URL('./src/shims/node-crypto.ts', import.meta.url)) } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // pdf-lib (435 kB) is its own chunk, loaded only when the verify page checks a file in the browser;
    // ECharts with the dashboard (570 kB) too, loaded only when an administrator opens the figures.
    // The point's face guidance (@vladmandic/human with TensorFlow.js, 1.6 MB) likewise, only on the check-in page.
    chunkSizeWarningLimit: 1600,
  },
  server: {
    // `vite --config client-demo/vite.config.ts` for UI work against a service on :3000.
    proxy: {
      '/api': 'http://localhost:3000',
      '/verify': 'http://localhost:3000',
      '/socket.io': { target: 'http://localhost:3000', ws: true },
    },
  },
});
