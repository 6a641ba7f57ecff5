// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// MIDI <-> NoteSequence with note_seq's rules (note_seq midi_io.py on top of pretty_midi),
/// so that stochos and Magenta give the same NoteSequence for the same file:
/// - ticks_per_quarter = the file's resolution; source_info {MIDI, PRETTY_MIDI};
/// - tempos, time and key signatures come from track 0 only; tempo times are computed with
///   pretty_midi's tick-scale arithmetic so that seconds agree to the last bit;
/// - an "instrument" is a (track, channel, program) group, numbered in the order its first
///   note ends; is_drum = channel 10; a track's name names the instruments it creates;
/// - a note-off (or velocity-0 note-on) closes every open note of its key that started on an
///   earlier tick; notes that start and end on the same tick are dropped; notes never closed
///   are dropped (both reported as warnings);
/// - pitch bends and control changes before a group's first note join the group
///   (pretty_midi's "stragglers").
/// Where note_seq fails on a file (zero tempo, a time signature of 0/x, an invalid key
/// signature, a tick above 10^7), stochos skips the bad event with a warning and converts the
/// rest; files with SMPTE time are timed in seconds directly (note_seq cannot read them).
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "stochos/midi/midi_file.h"
#include "stochos/proto/music.pb.h"

namespace stochos::notesequence {

struct MidiConversionReport {
  std::vector<std::string> warnings;  ///< one sentence each, without the file name
};

/// Converts a parsed MIDI file. Never throws for well-framed files; `report` (optional)
/// receives what was skipped and why.
magenta::NoteSequence midi_to_note_sequence(const midi::MidiFile& file, MidiConversionReport* report = nullptr);
/// The same into an existing message (cleared first), e.g. one on a protobuf Arena, which
/// batch jobs use to avoid a heap allocation per note.
void midi_to_note_sequence(const midi::MidiFile& file, magenta::NoteSequence& out, MidiConversionReport* report);

/// Reads and converts a file; errors name the file.
magenta::NoteSequence midi_file_to_note_sequence(const std::filesystem::path& path,
                                                 MidiConversionReport* report = nullptr);

struct MidiWriteOptions {
  /// note_seq's drop_events_n_seconds_after_last_note: tempos, signatures, bends and control
  /// changes later than (last note end + this) are not written. Unset keeps everything.
  std::optional<double> drop_events_n_seconds_after_last_note;
};

/// NoteSequence -> type 1 MIDI as note_seq writes it: track 0 holds tempos (an implicit
/// 120 qpm at 0 when the sequence has no tempo at time 0), time signatures (4/4 added when
/// none is at 0) and key signatures; then one track per (instrument, program, is_drum) in
/// sorted order, named from instrument_infos, on channels 0..15 skipping 9 (drums use 9).
/// Resolution = ticks_per_quarter or 220. Times round to the nearest tick.
/// Unlike note_seq, groups that share instrument 0 keep their own tracks instead of
/// overwriting each other.
midi::MidiFile note_sequence_to_midi(const magenta::NoteSequence& sequence, const MidiWriteOptions& options = {});

void note_sequence_to_midi_file(const magenta::NoteSequence& sequence, const std::filesystem::path& path,
                                const MidiWriteOptions& options = {});

}  // namespace stochos::notesequence
