# SPDX-License-Identifier: GPL-3.0-or-later
# Usage: python3 gen_note_seq_encoder_vectors.py melody_encoder_decoder_test.py > note_seq_encoder_vectors.inc
# Generates note_seq_encoder_vectors.inc from note_seq's melody_encoder_decoder_test.py:
# the literal vectors of the lookback and key encoder tests, evaluated with ast only.
import ast, sys
src = open(sys.argv[1]).read()
tree = ast.parse(src)
env = {'NO_EVENT': -2, 'NOTE_OFF': -1}
def ev(node):
    return eval(compile(ast.Expression(node), '<x>', 'eval'), {}, env)
cases = []
for cls in tree.body:
    if not isinstance(cls, ast.ClassDef): continue
    if cls.name not in ('MelodyLookbackEventSequenceEncoderDecoderTest', 'KeyMelodyEncoderDecoderTest'): continue
    for fn in cls.body:
        if not isinstance(fn, ast.FunctionDef): continue
        d = {'test': cls.name + '.' + fn.name, 'key': cls.name.startswith('Key')}
        for st in fn.body:
            if isinstance(st, ast.Assign) and isinstance(st.targets[0], ast.Name):
                name = st.targets[0].id
                if name in ('melody_events', 'melody_indices', 'expected_inputs', 'expected_labels'):
                    d[name] = ev(st.value)
                if name == 'med':
                    call = st.value
                    # min/max note: positional or keyword, possibly inside MelodyOneHotEncoding(...)
                    inner = call.args[0] if (call.args and isinstance(call.args[0], ast.Call)) else call
                    vals = [ev(a) for a in inner.args] + [ev(k.value) for k in inner.keywords]
                    d['min_note'], d['max_note'] = vals[0], vals[1]
            if isinstance(st, ast.Expr) and isinstance(st.value, ast.Call) and getattr(st.value.func, 'attr', '') == 'assertEqual':
                a, b = st.value.args
                if isinstance(a, ast.Attribute) and a.attr in ('input_size', 'num_classes'):
                    d[a.attr] = ev(b)
        cases.append(d)
def fl(x):
    return '%d' % x if float(x).is_integer() else repr(x)
out = []
out.append('// Generated from note_seq/melody_encoder_decoder_test.py (magenta/note-seq @ 35825508):')
out.append('// the literal melodies, positions, input vectors and labels of its lookback and key')
out.append('// encoder tests, copied value for value. Apache-2.0 test data.')
for d in cases:
    out.append('{"%s", %s, %d, %d, %d, %d,' % (d['test'], 'true' if d['key'] else 'false', d['min_note'], d['max_note'], d['input_size'], d['num_classes']))
    out.append(' {' + ', '.join(str(e) for e in d['melody_events']) + '},')
    out.append(' {' + ', '.join(str(e) for e in d['melody_indices']) + '},')
    out.append(' {')
    for row in d['expected_inputs']:
        out.append('  {' + ', '.join(fl(v) for v in row) + '},')
    out.append(' },')
    out.append(' {' + ', '.join(str(e) for e in d['expected_labels']) + '}},')
print('\n'.join(out))
