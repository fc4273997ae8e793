// Node's `ws` client (written by others) against a getty WebSocket echo server. Usage:
//   node ws-client.js URL [plain|deflate|deflate-window9]
// (deflate-window9 offers permessage-deflate with server_max_window_bits=9: the server's window is limited)
// Sends text, binary, a large message, a fragmented message and a ping, checks every echo and the pong,
// then closes with 4000 "bye" and checks the server's answer. Prints OK and exits 0, or says what failed
// and exits 1.
const WebSocket = require('ws');
const crypto = require('crypto');

const url = process.argv[2];
const mode = process.argv[3] || 'plain';
const deflate = mode !== 'plain';
const window9 = mode === 'deflate-window9';
const ws = new WebSocket(url, { perMessageDeflate: window9 ? { serverMaxWindowBits: 9 } : deflate });
const big = crypto.randomBytes(200000);
// Text that LZ77 would shrink with matches up to thousands of bytes back.
const words = [];
for (let i = 0; i < 20000; i++) words.push('w' + ((i * 7919) % 1000));
const text = words.join(' ');
const expected = [
  (d, binary) => !binary && d.toString() === 'hello from node ✓',
  (d, binary) => binary && Buffer.compare(d, Buffer.from([1, 2, 3, 255])) === 0,
  (d, binary) => binary && Buffer.compare(d, big) === 0,
  (d, binary) => !binary && d.toString() === text,
  (d, binary) => !binary && d.toString() === 'fragmented',
];
let pongs = 0;

function fail(why) {
  console.log('FAILED: ' + why);
  process.exit(1);
}

setTimeout(() => fail('timed out'), 10000).unref();

let agreed = '';
ws.on('upgrade', (response) => {
  agreed = response.headers['sec-websocket-extensions'] || '';
});

ws.on('open', () => {
  if (deflate !== (ws.extensions.indexOf('permessage-deflate') >= 0)) {
    fail('permessage-deflate ' + (deflate ? 'not agreed' : 'agreed unasked') + ': ' + ws.extensions);
  }
  if (window9 && agreed.indexOf('server_max_window_bits=9') < 0) {
    fail('the server did not accept server_max_window_bits=9: ' + agreed);
  }
  ws.send('hello from node ✓');
  ws.send(Buffer.from([1, 2, 3, 255]));
  ws.send(big);
  ws.send(text);
  ws.send('frag', { fin: false });
  ws.send('mented', { fin: true });
  ws.ping(Buffer.from('are you there'));
});

// The pong may come before or after the last echo: the server answers the ping when it reads it, and the
// echoes are written when their messages are complete, so either order is correct.
function closeWhenDone() {
  if (expected.length === 0 && pongs === 1) ws.close(4000, 'bye');
}

ws.on('pong', (data) => {
  if (data.toString() !== 'are you there') fail('pong payload ' + data);
  if (++pongs > 1) fail('more than one pong');
  closeWhenDone();
});

ws.on('message', (data, isBinary) => {
  const check = expected.shift();
  if (!check) fail('an unexpected message');
  if (!check(data, isBinary)) fail('echo ' + (5 - expected.length) + ' does not match');
  closeWhenDone();
});

ws.on('close', (code, reason) => {
  if (expected.length !== 0 || pongs !== 1) fail('closed early: ' + code + ' ' + reason);
  if (code !== 4000) fail('the server answered the close with ' + code);
  console.log('OK');
  process.exit(0);
});

ws.on('error', (e) => fail(e.message));
