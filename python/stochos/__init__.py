# SPDX-License-Identifier: GPL-3.0-or-later
"""stochos for Python: generative music (stochastic composition after Xenakis, Magenta's
Melody RNN rebuilt natively) and the MIDI / MusicXML / ABC / NoteSequence tooling both need.

NoteSequences go in as any note_seq-compatible object (or serialized bytes) and come out as
stochos.music_pb2.NoteSequence (see set_note_sequence_class to get note_seq's class). Errors
are stochos.Error subclasses carrying the CLI's file/position/message. Long calls release the
GIL and stop on Ctrl-C. Everything random takes a seed (and a named stream) and draws what the
CLI draws for the same --seed.

    import stochos
    piece = stochos.compose(preset="xenakis-st", seed=7, duration=30)
    stochos.write_midi(piece, "st.mid")
    rnn = stochos.MelodyRnn("attention_rnn.mag")
    [out] = rnn.generate(primer=stochos.read_midi("primer.mid"), num_steps=256, seed=1)
    audio = stochos.render(out.sequence)          # float32 (frames, 2) at 44.1 kHz
"""

import os as _os

# Presets that use a shipped model (markov-corpus) find it inside the package.
_models = _os.path.join(_os.path.dirname(__file__), "models")
if _os.path.isdir(_models):
    _os.environ.setdefault("STOCHOS_MODELS_DIR", _models)

from . import music_pb2  # noqa: E402
from ._errors import (Error, InputError, InternalError, IoError,  # noqa: E402
                      UnsupportedError, UsageError)
from ._notesequence import note_sequence_class, set_note_sequence_class  # noqa: E402
from ._stochos import *  # noqa: E402,F401,F403
from ._stochos import piano_roll_png  # noqa: E402

__version__ = "0.1.0"

NoteSequence = music_pb2.NoteSequence


def train(run_dir, sequence_example_files, *, config="", hparams="", seed=None, num_training_steps=0,
          checkpoint_every_steps=100, summary_every_steps=10, init_from=None, num_threads=1,
          show_progress=False, batching=""):
    """`stochos melody train`: Magenta's melody_rnn_train on LibTorch (CPU), TensorFlow V2
    checkpoints with Magenta's names in run_dir/train. A new run_dir needs `config`; an existing
    one resumes (same weights as an uninterrupted run). Ctrl-C saves a checkpoint and returns
    with interrupted=True. Returns a dict: start_step, final_step, metrics, seconds, interrupted.
    batching: "bucketed" (default for new runs: batches of similar lengths) or "random"
    (Magenta's); see `stochos melody train --help`.

    LibTorch is loaded on the first call only (stochos._train), so `import stochos` stays fast."""
    try:
        from . import _train
    except ImportError as e:
        raise ImportError("this stochos was built without Melody RNN training (cmake -DSTOCHOS_TRAINING=OFF)") from e
    if isinstance(sequence_example_files, (str, _os.PathLike)):
        sequence_example_files = [sequence_example_files]
    return _train.train(run_dir, list(sequence_example_files), config=config, hparams=hparams, seed=seed,
                        num_training_steps=num_training_steps, checkpoint_every_steps=checkpoint_every_steps,
                        summary_every_steps=summary_every_steps, init_from=init_from,
                        num_threads=num_threads, show_progress=show_progress, batching=batching)



class PianoRoll:
    """A piano roll that notebooks show inline (IPython calls _repr_png_)."""

    def __init__(self, sequence, *, width=1600, height=0, title="", min_pitch=None, max_pitch=None,
                 legend=True):
        self.png = piano_roll_png(sequence, width=width, height=height, title=title,
                                  min_pitch=min_pitch, max_pitch=max_pitch, legend=legend)

    def _repr_png_(self):
        return self.png

    def save(self, path):
        with open(path, "wb") as f:
            f.write(self.png)


def piano_roll(sequence, **options):
    """PianoRoll(sequence, **options): displays inline in Jupyter; .png holds the bytes."""
    return PianoRoll(sequence, **options)
