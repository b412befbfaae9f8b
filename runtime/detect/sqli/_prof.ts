import { detectSQLi } from './index.ts';
const P = ['order', 'Search term', 'jane.roe@example.net', 'Zürich', '19.99', '2025-03-04', 'id=12', "don't", 'size: XL', '(gift)', 'a-b_c', 'https://example.com/x?y=z', '50% off', 'R&D', '#blue', '"best"', 'page 2 of 7', 'über', 'SKU-4411', 'Hello, world.'];
const inputs: string[] = [];
for (let k = 0; k < 2000; k++) { let s = ''; while (s.length < 50) s += P[(k * 7 + s.length * 13) % P.length] + ' '; inputs.push(Buffer.from(Buffer.from(s,'utf8').subarray(0,50)).toString('latin1')); }
let n = 0; const t0 = performance.now();
for (let r = 0; r < 400; r++) for (const s of inputs) if (detectSQLi(s).isSqli) n++;
const dt = performance.now() - t0;
console.log((dt * 1000 / (400 * inputs.length)).toFixed(3), 'us/input', n);
