# SPDX-License-Identifier: GPL-3.0-or-later
"""The package itself: import cost, stubs, docstrings."""

import ast
import pathlib
import subprocess
import sys

import stochos
from stochos import _stochos


def test_import_does_not_load_libtorch():
    code = "import sys, stochos; print(any(m == 'torch' or m.startswith('stochos._train') for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_stubs_cover_every_public_name():
    stub = pathlib.Path(stochos.__file__).with_name("__init__.pyi")
    tree = ast.parse(stub.read_text())
    declared = {n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
    declared |= {t.id for n in tree.body if isinstance(n, ast.Assign) for t in n.targets if isinstance(t, ast.Name)}
    public = {name for name in dir(_stochos) if not name.startswith("_")}
    public |= {"train", "piano_roll", "PianoRoll", "set_note_sequence_class", "note_sequence_class", "Error",
               "UsageError", "InputError", "IoError", "UnsupportedError", "InternalError", "NoteSequence"}
    assert public - declared == set()


def test_every_function_has_a_docstring_or_is_self_explaining():
    # The main entry points document themselves (help(stochos.compose) in a notebook).
    for name in ("read_midi", "convert", "compose", "render", "gendyn", "create_dataset", "expression",
                 "quantize_note_sequence", "train"):
        assert len(getattr(stochos, name).__doc__ or "") > 40, name
    assert "beam search" in stochos.MelodyRnn.generate.__doc__
