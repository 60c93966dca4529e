// The Sonoran CAD reference receiver for scripts/compare (issue 8), as in the vendor's Node.js example:
// Node's `http`, collect the body, JSON.parse, compare the body's `key` with the community API key.
// Usage: node sonoran.js PORT KEY
'use strict';
const http = require('http');
const [port, apiKey] = [Number(process.argv[2] || 3000), process.argv[3] || 'dev-sonoran-key'];

http.createServer((req, res) => {
  if (req.method !== 'POST') {
    res.writeHead(405).end();
    return;
  }
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    let body;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch (e) {
      res.writeHead(400).end('bad request');
      return;
    }
    if (!body || body.key !== apiKey) {
      res.writeHead(403).end('forbidden');
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok');
  });
}).listen(port, '127.0.0.1', () => console.error(`listening on http://127.0.0.1:${port} (node sonoran)`));
