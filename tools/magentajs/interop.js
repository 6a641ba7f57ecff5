// SPDX-License-Identifier: GPL-3.0-or-later
// Magenta.js (@magenta/music 1.23.1) as an independent NoteSequence codec for stochos's
// interop test (tools/reference/check_magentajs.py).
//   node interop.js decode FILE.tfrecord   -> JSON: what Magenta.js reads in each record
//   node interop.js encode OUTDIR FILE.mid.. -> writes OUTDIR/<name>.ns (Magenta.js's own
//                                               MIDI -> NoteSequence, encoded by its protobuf)
//                                               and prints JSON of what it wrote
const fs = require('fs');
const path = require('path');
const mm = require('@magenta/music/node/core');
const {NoteSequence} = require('@magenta/music/node/protobuf');

function summary(ns) {
  const notes = ns.notes || [];
  const first = notes.length ? notes[0] : null;
  return {
    id: ns.id || '',
    filename: ns.filename || '',
    collection_name: ns.collectionName || '',
    ticks_per_quarter: ns.ticksPerQuarter || 0,
    notes: notes.length,
    drums: notes.filter((n) => n.isDrum).length,
    total_time: ns.totalTime || 0,
    tempos: (ns.tempos || []).map((t) => [t.time || 0, t.qpm || 0]),
    time_signatures: (ns.timeSignatures || []).map((t) => [t.time || 0, t.numerator || 0, t.denominator || 0]),
    first_note: first ? [first.pitch || 0, first.velocity || 0, first.startTime || 0, first.endTime || 0] : null,
  };
}

function decodeTFRecord(file) {
  const data = fs.readFileSync(file);
  const out = [];
  let pos = 0;
  while (pos < data.length) {
    const length = Number(data.readBigUInt64LE(pos));
    const payload = data.subarray(pos + 12, pos + 12 + length);
    out.push(summary(NoteSequence.decode(payload)));
    pos += 16 + length;
  }
  return out;
}

async function encodeMidi(outDir, files) {
  const result = {};
  for (const file of files) {
    const ns = mm.midiToSequenceProto(fs.readFileSync(file));
    const bytes = NoteSequence.encode(NoteSequence.create(ns)).finish();
    const name = path.basename(file).replace(/\.midi?$/i, '') + '.ns';
    fs.writeFileSync(path.join(outDir, name), bytes);
    result[name] = summary(ns);
  }
  return result;
}

(async () => {
  const [command, ...args] = process.argv.slice(2);
  if (command === 'decode') {
    process.stdout.write(JSON.stringify(decodeTFRecord(args[0])));
  } else if (command === 'encode') {
    process.stdout.write(JSON.stringify(await encodeMidi(args[0], args.slice(1))));
  } else {
    process.stderr.write('usage: interop.js decode FILE | encode OUTDIR FILE...\n');
    process.exit(2);
  }
})();
