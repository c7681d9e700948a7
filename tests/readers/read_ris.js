// Read a RIS file with citation-js (as Zotero-like tools do) and print its records as CSL-JSON.
// Usage: node read_ris.js FILE.ris  (run from tests/readers, where scripts/test.sh installs citation-js)
const fs = require('fs')
const { Cite } = require('@citation-js/core')
require('@citation-js/plugin-ris')

const text = fs.readFileSync(process.argv[2], 'utf8')
const items = new Cite(text, { forceType: '@ris/file' }).data
process.stdout.write(JSON.stringify(items))
