// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// Markov models of melody learned from music: the adapter between NoteSequences and the
/// integer states of stochastic::MarkovChain (Formalized Music ch. II-III use first-order
/// chains; orders 1..n back off as markov.h explains).
///
/// A melody is the top line of a (possibly polyphonic) sequence: notes are placed on a grid
/// of steps_per_quarter steps per quarter note through the sequence's own tempo map; at each
/// onset step the highest pitch starts a melody note unless a louder-voiced (higher) melody
/// note is still sounding (the "skyline" reduction of Uitdenbogerd & Zobel, "Melodic
/// matching techniques for large music databases", ACM Multimedia 1999). Each melody note
/// becomes one joint state (JointStateEncoder) of
///   melody        the MIDI pitch, or the interval from the previous melody note (folded by
///                 octaves into [-kMaxIntervalSemitones, +kMaxIntervalSemitones]),
///   duration      the steps to the next melody onset, 1..max_duration_steps (rests are
///                 absorbed into the note before them),
///   velocity_bin  the velocity in velocity_bins equal bins of 1..127.
/// Pieces are transposed to C major / A minor by their first key signature (an option), so
/// that a pitch model learns scale degrees rather than a mixture of keys.
///
/// Files: a short "stochos-corpus-model 1" header of key=value lines, then a line "markov",
/// then MarkovChain::to_text() verbatim; written atomically. Objects are immutable after
/// construction; const members are thread-safe (each caller passes its own Rng).
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "stochos/core/random.h"
#include "stochos/proto/music.pb.h"
#include "stochos/stochastic/markov.h"

namespace stochos::score {

/// What the melody field of a state holds.
enum class MelodyAlphabet {
  kPitch,     ///< absolute MIDI pitch 0..127
  kInterval,  ///< semitones from the previous melody note
};

inline constexpr int kMaxIntervalSemitones = 24;

struct CorpusModelOptions {
  int order = 2;  ///< 1..8
  MelodyAlphabet melody = MelodyAlphabet::kPitch;
  int steps_per_quarter = 4;    ///< grid: 4 = sixteenth notes
  int max_duration_steps = 16;  ///< longer inter-onset times are clipped (a whole note)
  int velocity_bins = 8;        ///< 1..127
  bool transpose_to_c = true;   ///< by each piece's first key signature
  double smoothing = 0.0;       ///< Lidstone pseudo-count (markov.h)
};

/// One note of an extracted melody.
struct MelodyEvent {
  int pitch = 60;
  int duration_steps = 1;
  int velocity = 64;
};

/// The top line of `sequence` on the options' grid (drums ignored). Empty when the sequence
/// has no pitched notes.
std::vector<MelodyEvent> extract_top_line(const magenta::NoteSequence& sequence,
                                          const CorpusModelOptions& options);

struct CorpusLearnReport {
  std::size_t files_seen = 0;
  std::size_t sequences_used = 0;
  std::size_t melody_notes = 0;
  std::vector<std::string> skipped;  ///< one diagnostic per unreadable or empty file
};

struct CorpusGenerateOptions {
  double duration_seconds = 60.0;  ///< at most kMaxCorpusGenerateSeconds
  double qpm = 0.0;                ///< 0: the corpus's median tempo
  int program = 0;                 ///< General MIDI program (0 = Acoustic Grand Piano)
  int lowest_pitch = 36;           ///< generated pitches are folded into this range by octaves
  int highest_pitch = 96;
  int start_pitch = 0;         ///< interval models only; 0: the corpus's median pitch
  double articulation = 0.92;  ///< sounding fraction of each inter-onset time, (0, 1]
};

/// One day; longer requests are refused (they are unit mistakes, not pieces).
inline constexpr double kMaxCorpusGenerateSeconds = 86400.0;

class CorpusModel {
 public:
  /// Learns from NoteSequences. Sequences without pitched notes are skipped (and reported).
  /// Throws Error(kUsage) for bad options and Error(kInput) when no melody note remains.
  static CorpusModel learn(std::span<const magenta::NoteSequence> sequences,
                           const CorpusModelOptions& options, CorpusLearnReport* report = nullptr);
  /// Learns from every .mid/.midi file under `dir` (notesequence's converter, files in its
  /// sorted order). Unreadable files are skipped and listed in `report`; throws Error(kIo)
  /// for a missing folder and Error(kInput) when no file gives a melody.
  static CorpusModel learn_directory(const std::filesystem::path& dir, const CorpusModelOptions& options,
                                     CorpusLearnReport* report = nullptr, bool recursive = true);

  /// The joint states of one melody (what learn() feeds the chain).
  std::vector<std::int64_t> states_of(std::span<const MelodyEvent> melody) const;
  /// A new melody as a NoteSequence (one instrument, tempo, 4/4), notes within
  /// [0, duration_seconds]. Same model, options and seed: the same sequence.
  magenta::NoteSequence generate(const CorpusGenerateOptions& options, const core::Rng& rng) const;

  std::string to_text() const;
  /// Throws Error(kInput) naming `path` and the line.
  static CorpusModel from_text(std::string_view text, const std::string& path = "<corpus model>");
  void save(const std::filesystem::path& path) const;
  static CorpusModel load(const std::filesystem::path& path);

  const stochastic::MarkovChain& chain() const { return chain_; }
  const stochastic::JointStateEncoder& encoder() const { return encoder_; }
  const CorpusModelOptions& options() const { return options_; }
  double median_qpm() const { return median_qpm_; }
  int median_pitch() const { return median_pitch_; }
  /// Decodes one state into (melody value, duration_steps, velocity).
  MelodyEvent decode_state(std::int64_t state, int previous_pitch) const;

 private:
  CorpusModel(CorpusModelOptions options, stochastic::MarkovChain chain, double median_qpm, int median_pitch);

  CorpusModelOptions options_;
  stochastic::JointStateEncoder encoder_;
  stochastic::MarkovChain chain_;
  double median_qpm_ = 120.0;
  int median_pitch_ = 67;
};

/// The shipped models' folder holding `file_name`: $STOCHOS_MODELS_DIR if set, else
/// <prefix>/share/stochos/models next to the running binary (<prefix>/bin/stochos), else
/// data/models in a parent of the binary's folder (a build tree inside the source tree), else
/// data/models under the current directory's parents. Throws Error(kIo) listing where it looked.
std::filesystem::path find_shipped_model(std::string_view file_name);

/// The model shipped in the repository (data/models/mozart_markov.txt).
inline constexpr std::string_view kShippedMozartModel = "mozart_markov.txt";

}  // namespace stochos::score
