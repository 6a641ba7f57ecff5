# SPDX-License-Identifier: GPL-3.0-or-later
"""Which class stochos returns NoteSequences as.

stochos takes any NoteSequence-like object (anything with SerializeToString(): note_seq's
NoteSequence, ours, or raw bytes) and returns instances of one class, by default
stochos.music_pb2.NoteSequence: the same schema and wire format as note_seq's (package
magenta), registered in a private descriptor pool so that it can live beside note_seq's.
Code built on note_seq can ask for note_seq's own class instead:

    import note_seq, stochos
    stochos.set_note_sequence_class(note_seq.NoteSequence)
"""

from . import music_pb2

_cls = music_pb2.NoteSequence


def set_note_sequence_class(cls) -> None:
    """Makes every function return instances of `cls` (a protobuf message class with
    FromString, e.g. note_seq.NoteSequence). None restores stochos.music_pb2.NoteSequence."""
    global _cls
    if cls is None:
        cls = music_pb2.NoteSequence
    if not hasattr(cls, "FromString"):
        raise TypeError("expected a protobuf message class with FromString(), got %r" % (cls,))
    _cls = cls


def note_sequence_class():
    """The class stochos returns NoteSequences as."""
    return _cls


def _from_bytes(data: bytes):
    return _cls.FromString(data)
