// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// Xenakis's ST program, "free stochastic music by computer" (Formalized Music, ch. V; the
/// program behind ST/48, ST/10, ST/4, Morsima-Amorsima and Atrées, 1956-62). The piece is a
/// succession of sections ("sequences" in the book); per section, in the order of the book's
/// phases:
///   1. duration a_i, exponential with mean `mean_section_seconds` (the book's A);
///   2. density D_i in events per second, bounded by V3 (min) and V4 (max): its logarithm
///      moves from the previous section's by a signed step whose size follows the linear law
///      on [0, ln V4 - ln V3], reflected into the bounds (the "logarithmic" density rule);
///   3. the orchestra: probabilities of the timbre classes, interpolated between two tables
///      (for V3 and for V4) at the section's log-density, and of the instruments inside each
///      class (fixed table);
///   4. attack instants: a Poisson process of rate D_i (exponential inter-onset times);
///   5. per note a class, then an instrument of it (drawn at once from their joint law);
///   6. pitch: uniform in the instrument's range, so that the interval between successive
///      notes of an instrument follows the linear law f(x) = (2/a)(1 - x/a), a = the range
///      (ch. I: the distance between two random points of a segment);
///   7. glissando speed (glissando instruments): Gaussian, mean 0, standard deviation growing
///      with the log-density between `glissando_sigma_at_v3` and `glissando_sigma_at_v4`
///      semitones per second; realised as MIDI pitch bends, the bend range set by RPN 0;
///   8. duration: exponential with mean min(instrument max, `duration_factor` / D_i), so dense
///      sections have short sounds; and a dynamic form of three marks from {ppp, p, f, ff}
///      (the book's forte/piano forms), whose attack mark gives the velocity.
///
/// Sources: we could not consult the book itself; the phases follow its ch. V as summarised
/// in R. Squibbs, "Iannis Xenakis's Free Stochastic Music Program as an Aid to Analysis"
/// (Open Book Publishers, 2024, ch. 6) and C. Burns's lecture notes on Achorripsis and ST
/// (UW-Milwaukee, 2005), and the linear and exponential laws of Formalized Music ch. I. Where
/// the book's formula is not known to us (phases 2, 3, 7, 8) the rule above is our reading,
/// marked as such in st.cpp, with parameter names after the book's (A, V3, V4, classes).
///
/// Every draw flows from the core::Rng passed in (named streams per phase), so a seed gives
/// identical output. Functions are pure and thread-safe.
#include <string>
#include <vector>

#include "stochos/core/random.h"
#include "stochos/proto/music.pb.h"

namespace stochos::score {

/// One instrument of the orchestra (one MIDI channel).
struct StInstrument {
  std::string name;
  int program = 0;        ///< General MIDI program (ignored for drums)
  bool is_drum = false;   ///< percussion on channel 10; pitches are drum keys
  int lowest_pitch = 48;  ///< MIDI range (inclusive)
  int highest_pitch = 84;
  double max_duration_seconds = 4.0;
  bool glissando = false;  ///< glides by pitch bend; such an instrument plays one note at a time
  double weight = 1.0;     ///< probability weight inside its class
};

/// A timbre class (the book's "classes of timbre": pizzicato, glissando, percussion...).
struct StTimbreClass {
  std::string name;
  double probability_at_v3 = 1.0;  ///< weight of the class in the sparsest sections
  double probability_at_v4 = 1.0;  ///< weight of the class in the densest sections
  std::vector<StInstrument> instruments;
};

struct StParams {
  double duration_seconds = 150.0;     ///< total length (the last section is cut)
  double mean_section_seconds = 15.0;  ///< A: mean duration of a section
  double v3_min_density_hz = 0.8;      ///< V3: smallest density, events per second
  double v4_max_density_hz = 12.0;     ///< V4: largest density, events per second
  double glissando_sigma_at_v3 = 1.0;  ///< semitones per second at density V3
  double glissando_sigma_at_v4 = 8.0;  ///< semitones per second at density V4
  double duration_factor = 2.5;        ///< mean note duration = this / density (seconds·Hz)
  int bend_range_semitones = 12;       ///< sent as RPN 0 on every glissando channel
  double bend_rate_hz = 25.0;          ///< pitch-bend messages per second along a glissando
  std::vector<StTimbreClass> classes = default_classes();

  /// An ST/10-like chamber orchestra: percussion, pizzicato strings, glissando strings,
  /// woodwinds and horn, harp.
  static std::vector<StTimbreClass> default_classes();
  /// Throws Error(kUsage) naming the parameter for anything out of bounds: durations above
  /// kMaxStSeconds, V4 above kMaxStDensityHz, more than 15 melodic instruments, ...
  void check() const;
};

inline constexpr double kMaxStSeconds = 4 * 3600.0;
inline constexpr double kMaxStDensityHz = 200.0;

/// What the program decided, for analysis and tests.
struct StTrace {
  struct Section {
    double start_seconds = 0.0;
    double duration_seconds = 0.0;
    double density_hz = 0.0;
    std::vector<double> class_probabilities;
  };
  struct Event {
    int section = 0;
    double onset_seconds = 0.0;
    int timbre_class = 0;
    int instrument = 0;   ///< index over all instruments, class by class
    double pitch = 60.0;  ///< continuous pitch before rounding to a MIDI key
    double glissando_semitones_per_second = 0.0;
    double duration_seconds = 0.0;
    int dynamic_form[3] = {0, 0, 0};  ///< indices into ppp, p, f, ff
  };
  std::vector<Section> sections;
  std::vector<Event> events;
};

/// ST's piece as plain values, at the resolution of its output (MIDI keys, 14-bit bends) but
/// before any protobuf message: 32 bytes a note and 16 a bend instead of a heap or arena
/// message each. compose_st_score makes it and st_note_sequence turns it into the
/// NoteSequence compose_st gives; the Python module hands it to numpy (stochos.st). For work
/// on many or long pieces (statistics over millions of events), where the messages would
/// cost more than composing.
struct StScore {
  struct Note {
    double start_seconds = 0.0, end_seconds = 0.0;
    int pitch = 60, velocity = 64;
    int instrument = 0;  ///< index over all instruments, class by class (StParams::classes)
  };
  struct Bend {
    double time_seconds = 0.0;
    int value = 0;  ///< -8192..8191, over the range StParams::bend_range_semitones
    int instrument = 0;
  };
  std::vector<Note> notes;     ///< in onset order; repeated keys separated, slivers dropped
  std::vector<Bend> bends;     ///< grouped by instrument, in time order within each
  double total_seconds = 0.0;  ///< the latest note end
};

/// Composes a piece. Notes carry instrument = the instrument's index (in class order) and
/// its program; glissando instruments get RPN 0 control changes at time 0 and pitch bends,
/// grouped by instrument and in time order within each (as the piece's MIDI file reads back).
/// `trace` (optional) receives the sections and events.
magenta::NoteSequence compose_st(const StParams& params, const core::Rng& rng, StTrace* trace = nullptr);
/// The same piece written into `out` (cleared first). Give a message made on a
/// google::protobuf::Arena to have the notes and bends (tens of thousands of messages in an
/// hour-long piece) allocated by bumping a pointer instead of one heap block each.
void compose_st_into(magenta::NoteSequence& out, const StParams& params, const core::Rng& rng,
                     StTrace* trace = nullptr);
/// The same piece as plain values, written into `out` (its vectors' memory is reused).
void compose_st_score(StScore& out, const StParams& params, const core::Rng& rng, StTrace* trace = nullptr);
/// The NoteSequence of a score made with `params` (cleared first): tempo 60, the instruments'
/// names, RPN 0 on every gliding instrument, programs and drum flags from `params`.
void st_note_sequence(const StScore& score, const StParams& params, magenta::NoteSequence& out);

}  // namespace stochos::score
