// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/score/corpus_model.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <sstream>

#include "stochos/core/error.h"
#include "stochos/core/file_io.h"
#include "stochos/notesequence/input_files.h"
#include "stochos/midi/midi_file_name.h"
#include "stochos/notesequence/midi_conversion.h"

namespace stochos::score {
namespace fs = std::filesystem;
using magenta::NoteSequence;

namespace {

void check_options(const CorpusModelOptions& o) {
  if (o.order < 1 || o.order > 8)
    throw Error::usage("corpus model order must be in 1..8, got " + std::to_string(o.order));
  if (o.steps_per_quarter < 1 || o.steps_per_quarter > 96)
    throw Error::usage("steps_per_quarter must be in 1..96, got " + std::to_string(o.steps_per_quarter));
  if (o.max_duration_steps < 1 || o.max_duration_steps > 1024)
    throw Error::usage("max_duration_steps must be in 1..1024, got " + std::to_string(o.max_duration_steps));
  if (o.velocity_bins < 1 || o.velocity_bins > 127)
    throw Error::usage("velocity_bins must be in 1..127, got " + std::to_string(o.velocity_bins));
  if (!(o.smoothing >= 0.0) || !std::isfinite(o.smoothing))
    throw Error::usage("smoothing must be finite and >= 0");
}

stochastic::JointStateEncoder make_encoder(const CorpusModelOptions& o) {
  const bool pitch = o.melody == MelodyAlphabet::kPitch;
  return stochastic::JointStateEncoder({{pitch ? "pitch" : "interval", pitch ? 0 : -kMaxIntervalSemitones,
                                         pitch ? 127 : kMaxIntervalSemitones},
                                        {"duration_steps", 1, o.max_duration_steps},
                                        {"velocity_bin", 0, o.velocity_bins - 1}});
}

int velocity_bin(int velocity, int bins) {
  const int v = std::clamp(velocity, 1, 127) - 1;  // 0..126
  return std::min(bins - 1, v * bins / 127);
}
int bin_velocity(int bin, int bins) {  // the bin's centre
  const double lo = 1.0 + 127.0 * bin / bins, hi = 1.0 + 127.0 * (bin + 1) / bins;
  return std::clamp(static_cast<int>(std::floor((lo + hi) / 2.0)), 1, 127);
}

int fold_into(int value, int lo, int hi) {
  if (hi - lo < 11) return std::clamp(value, lo, hi);
  while (value > hi) value -= 12;
  while (value < lo) value += 12;
  return value;
}

// Seconds -> quarter notes through the sequence's tempo map (120 qpm before the first tempo,
// as note_seq assumes).
class TempoMap {
 public:
  explicit TempoMap(const NoteSequence& s) {
    for (const auto& t : s.tempos())
      if (t.qpm() > 0 && std::isfinite(t.qpm()) && t.time() >= 0) changes_.emplace_back(t.time(), t.qpm());
    std::stable_sort(changes_.begin(), changes_.end(), [](auto& a, auto& b) { return a.first < b.first; });
  }
  double quarters(double seconds) const {
    double q = 0.0, t = 0.0, qpm = 120.0;
    for (const auto& [time, rate] : changes_) {
      if (time >= seconds) break;
      q += (time - t) * qpm / 60.0;
      t = time;
      qpm = rate;
    }
    return q + (seconds - t) * qpm / 60.0;
  }
  double first_qpm() const { return changes_.empty() ? 120.0 : changes_.front().second; }

 private:
  std::vector<std::pair<double, double>> changes_;
};

// Semitones that take the first key signature's major key (or the relative major of its minor
// key) to C, in -6..5.
int transposition_to_c(const NoteSequence& s) {
  if (s.key_signatures().empty()) return 0;
  const auto& k = s.key_signatures(0);
  int major = static_cast<int>(k.key());
  if (k.mode() == magenta::NoteSequence::KeySignature::MINOR) major += 3;
  int shift = -(((major % 12) + 12) % 12);
  if (shift < -6) shift += 12;
  return shift;
}

bool has_midi_extension(const std::string& name) { return midi::is_midi_file_name(name); }

std::vector<std::int64_t> encode_melody(const stochastic::JointStateEncoder& encoder,
                                        const CorpusModelOptions& o, std::span<const MelodyEvent> melody) {
  std::vector<std::int64_t> states;
  states.reserve(melody.size());
  int previous = melody.empty() ? 0 : melody.front().pitch;
  for (const MelodyEvent& e : melody) {
    std::int64_t value = e.pitch;
    if (o.melody == MelodyAlphabet::kInterval)
      value = fold_into(e.pitch - previous, -kMaxIntervalSemitones, kMaxIntervalSemitones);
    previous = e.pitch;
    const std::int64_t fields[3] = {value, std::clamp(e.duration_steps, 1, o.max_duration_steps),
                                    velocity_bin(e.velocity, o.velocity_bins)};
    states.push_back(encoder.encode(fields));
  }
  return states;
}

}  // namespace

std::vector<MelodyEvent> extract_top_line(const NoteSequence& sequence, const CorpusModelOptions& options) {
  check_options(options);
  const TempoMap map(sequence);
  const int shift = options.transpose_to_c ? transposition_to_c(sequence) : 0;
  struct Placed {
    std::int64_t start, end;
    int pitch, velocity;
  };
  std::vector<Placed> notes;
  const double spq = options.steps_per_quarter;
  for (const auto& n : sequence.notes()) {
    if (n.is_drum() || n.pitch() < 0 || n.pitch() > 127 || !(n.end_time() > n.start_time())) continue;
    const auto start = static_cast<std::int64_t>(std::llround(map.quarters(n.start_time()) * spq));
    const auto end =
        std::max(start + 1, static_cast<std::int64_t>(std::llround(map.quarters(n.end_time()) * spq)));
    notes.push_back({start, end, fold_into(n.pitch() + shift, 0, 127), n.velocity()});
  }
  // By onset, highest first: the first note of each onset group is its top note.
  std::stable_sort(notes.begin(), notes.end(), [](const Placed& a, const Placed& b) {
    return a.start != b.start ? a.start < b.start : a.pitch > b.pitch;
  });
  std::vector<Placed> line;
  for (std::size_t i = 0; i < notes.size(); ++i) {
    if (i > 0 && notes[i].start == notes[i - 1].start) continue;
    // Skyline: a lower onset under a melody note that still sounds is accompaniment.
    if (!line.empty() && line.back().end > notes[i].start && line.back().pitch > notes[i].pitch) continue;
    line.push_back(notes[i]);
  }
  std::vector<MelodyEvent> out;
  out.reserve(line.size());
  for (std::size_t i = 0; i < line.size(); ++i) {
    const std::int64_t span =
        i + 1 < line.size() ? line[i + 1].start - line[i].start : line[i].end - line[i].start;
    const int steps = static_cast<int>(std::clamp<std::int64_t>(span, 1, options.max_duration_steps));
    out.push_back({line[i].pitch, steps, std::clamp(line[i].velocity, 1, 127)});
  }
  return out;
}

CorpusModel::CorpusModel(CorpusModelOptions options, stochastic::MarkovChain chain, double median_qpm,
                         int median_pitch)
    : options_(options),
      encoder_(make_encoder(options)),
      chain_(std::move(chain)),
      median_qpm_(median_qpm),
      median_pitch_(median_pitch) {
  options_.order = chain_.order();
}

std::vector<std::int64_t> CorpusModel::states_of(std::span<const MelodyEvent> melody) const {
  return encode_melody(encoder_, options_, melody);
}

MelodyEvent CorpusModel::decode_state(std::int64_t state, int previous_pitch) const {
  std::int64_t f[3];  // melody, duration, velocity bin (make_encoder's fields)
  encoder_.decode(state, f);
  MelodyEvent e;
  e.pitch = options_.melody == MelodyAlphabet::kPitch ? static_cast<int>(f[0])
                                                      : previous_pitch + static_cast<int>(f[0]);
  e.duration_steps = static_cast<int>(f[1]);
  e.velocity = bin_velocity(static_cast<int>(f[2]), options_.velocity_bins);
  return e;
}

CorpusModel CorpusModel::learn(std::span<const NoteSequence> sequences, const CorpusModelOptions& options,
                               CorpusLearnReport* report) {
  check_options(options);
  CorpusLearnReport local;
  CorpusLearnReport& r = report ? *report : local;
  const stochastic::JointStateEncoder encoder = make_encoder(options);
  std::vector<std::vector<std::int64_t>> training;
  std::vector<double> tempos;
  std::vector<int> pitches;
  for (std::size_t i = 0; i < sequences.size(); ++i) {
    const std::vector<MelodyEvent> line = extract_top_line(sequences[i], options);
    if (line.empty()) {
      const std::string& name = sequences[i].filename().empty() ? sequences[i].id() : sequences[i].filename();
      r.skipped.push_back((name.empty() ? "sequence " + std::to_string(i) : name) + ": no pitched notes");
      continue;
    }
    ++r.sequences_used;
    r.melody_notes += line.size();
    tempos.push_back(TempoMap(sequences[i]).first_qpm());
    for (const auto& e : line) pitches.push_back(e.pitch);
    training.push_back(encode_melody(encoder, options, line));
  }
  if (training.empty())
    throw Error::input("", {}, "no melody notes to learn from (no sequence has pitched notes)");
  std::sort(tempos.begin(), tempos.end());
  std::nth_element(pitches.begin(), pitches.begin() + static_cast<std::ptrdiff_t>(pitches.size() / 2),
                   pitches.end());
  // The pieces are joined end to start into one cyclic sequence. Learned piece by piece, a
  // state met only at the end of a piece and otherwise followed by itself (a repeated final
  // note) is absorbing, and generation gets stuck on it for good (we saw that on the Mozart
  // corpus with seeds 1, 2 and 2024). The cycle visits every state, so the learned chain is
  // irreducible; the few boundary transitions (one per piece) are musically negligible.
  std::vector<std::int64_t> cycle;
  for (const auto& t : training) cycle.insert(cycle.end(), t.begin(), t.end());
  const std::size_t wrap = std::min(cycle.size(), static_cast<std::size_t>(options.order));
  cycle.insert(cycle.end(), cycle.begin(), cycle.begin() + static_cast<std::ptrdiff_t>(wrap));
  stochastic::MarkovLearnOptions learn_options;
  learn_options.order = options.order;
  learn_options.smoothing = options.smoothing;
  return CorpusModel(options, stochastic::MarkovChain::learn(std::span(&cycle, 1), learn_options),
                     tempos[tempos.size() / 2], pitches[pitches.size() / 2]);
}

CorpusModel CorpusModel::learn_directory(const fs::path& dir, const CorpusModelOptions& options,
                                         CorpusLearnReport* report, bool recursive) {
  CorpusLearnReport local;
  CorpusLearnReport& r = report ? *report : local;
  std::vector<NoteSequence> sequences;
  for (const std::string& relative : notesequence::list_input_files(dir, recursive)) {
    if (!has_midi_extension(relative)) continue;
    ++r.files_seen;
    try {
      NoteSequence s = notesequence::midi_file_to_note_sequence(dir / relative);
      s.set_filename(relative);
      sequences.push_back(std::move(s));
    } catch (const Error& e) {  // one bad file does not end a corpus (note_seq midi_io.py)
      r.skipped.push_back(e.what());
    }
  }
  if (sequences.empty()) throw Error::input(dir.string(), {}, "no readable MIDI file in the corpus folder");
  return learn(sequences, options, &r);
}

NoteSequence CorpusModel::generate(const CorpusGenerateOptions& o, const core::Rng& rng) const {
  if (!(o.duration_seconds > 0.0) || !(o.duration_seconds <= kMaxCorpusGenerateSeconds))
    throw Error::usage("duration must be in (0, 86400] seconds, got " + std::to_string(o.duration_seconds));
  if (!(o.qpm == 0.0 || (o.qpm >= 10.0 && o.qpm <= 400.0)))
    throw Error::usage("qpm must be 0 (corpus tempo) or in 10..400");
  if (o.program < 0 || o.program > 127) throw Error::usage("program must be in 0..127");
  if (o.lowest_pitch < 0 || o.highest_pitch > 127 || o.lowest_pitch > o.highest_pitch)
    throw Error::usage("pitch range must satisfy 0 <= lowest <= highest <= 127");
  if (!(o.articulation > 0.0 && o.articulation <= 1.0)) throw Error::usage("articulation must be in (0, 1]");

  const double qpm = o.qpm > 0 ? o.qpm : median_qpm_;
  const double step_seconds = 60.0 / (qpm * options_.steps_per_quarter);
  NoteSequence out;
  out.set_ticks_per_quarter(220);
  auto* tempo = out.add_tempos();
  tempo->set_qpm(qpm);
  auto* ts = out.add_time_signatures();
  ts->set_numerator(4);
  ts->set_denominator(4);
  auto* info = out.add_instrument_infos();
  info->set_name("markov melody");

  core::Rng draw = rng.stream("corpus_model/generate");
  int pitch = fold_into(o.start_pitch > 0 ? o.start_pitch : median_pitch_, o.lowest_pitch, o.highest_pitch);
  double t = 0.0;
  const auto order = static_cast<std::size_t>(chain_.order());
  // The states come in blocks from MarkovChain::generate, each continuing the last order()
  // states: the same draws and states as sample_next step by step (the stream is this
  // function's own, so the draws of a block's unused tail change nothing), at generate's
  // speed. The first block is short, for short pieces.
  std::vector<std::int64_t> states;
  std::size_t next = 0, made = 0;
  for (std::size_t step = 0; t < o.duration_seconds && step < stochastic::kMaxMarkovSteps; ++step) {
    if (next == states.size()) {
      const std::size_t block =
          std::min<std::size_t>(made == 0 ? 256 : 4096, stochastic::kMaxMarkovSteps - made);
      const std::span<const std::int64_t> history =
          std::span<const std::int64_t>(states).last(std::min(states.size(), order));
      states = chain_.generate(block, draw, history);  // history is read before states is replaced
      next = 0;
      made += block;
    }
    const std::int64_t state = states[next++];
    const MelodyEvent e = decode_state(state, pitch);
    pitch = fold_into(e.pitch, o.lowest_pitch, o.highest_pitch);
    const double span = e.duration_steps * step_seconds;
    const double start = t, end = std::min(o.duration_seconds, t + span * o.articulation);
    t += span;
    // A sliver cut by the end of the piece would round to zero MIDI ticks: leave it out.
    if (end - start < 0.02) continue;
    auto* n = out.add_notes();
    n->set_pitch(pitch);
    n->set_velocity(e.velocity);
    n->set_start_time(start);
    n->set_end_time(end);
    n->set_program(o.program);
  }
  out.set_total_time(out.notes().empty() ? 0.0 : out.notes(out.notes_size() - 1).end_time());
  return out;
}

std::string CorpusModel::to_text() const {
  std::ostringstream out;
  out.precision(17);
  out << "stochos-corpus-model 1\n"
      << "melody " << (options_.melody == MelodyAlphabet::kPitch ? "pitch" : "interval") << '\n'
      << "steps_per_quarter " << options_.steps_per_quarter << '\n'
      << "max_duration_steps " << options_.max_duration_steps << '\n'
      << "velocity_bins " << options_.velocity_bins << '\n'
      << "transpose_to_c " << (options_.transpose_to_c ? 1 : 0) << '\n'
      << "median_qpm " << median_qpm_ << '\n'
      << "median_pitch " << median_pitch_ << '\n'
      << "markov\n"
      << chain_.to_text();
  return out.str();
}

CorpusModel CorpusModel::from_text(std::string_view text, const std::string& path) {
  CorpusModelOptions o;
  double qpm = 120;
  int median_pitch = 60;
  std::uint32_t line_number = 0;
  std::size_t pos = 0;
  auto fail = [&](const std::string& message) {
    ErrorLocation where;
    where.line = line_number;
    return Error::input(path, where, message);
  };
  bool header = false, body = false;
  while (pos < text.size()) {
    const std::size_t eol = std::min(text.find('\n', pos), text.size());
    std::istringstream line{std::string(text.substr(pos, eol - pos))};
    pos = eol + 1;
    ++line_number;
    std::string key, value;
    line >> key >> value;
    if (!header) {
      if (key != "stochos-corpus-model" || value != "1")
        throw fail("not a stochos corpus model (header 'stochos-corpus-model 1' expected)");
      header = true;
      continue;
    }
    if (key == "markov") {
      body = true;
      break;
    }
    char* end = nullptr;
    const double number = std::strtod(value.c_str(), &end);
    const bool numeric = !value.empty() && *end == '\0' && std::isfinite(number);
    if (key == "melody") {
      if (value != "pitch" && value != "interval") throw fail("melody must be 'pitch' or 'interval'");
      o.melody = value == "pitch" ? MelodyAlphabet::kPitch : MelodyAlphabet::kInterval;
    } else if (!numeric || std::abs(number) > 1e6) {
      throw fail("expected 'key number' with a number of at most 10^6, got '" + key + " " + value + "'");
    } else if (key == "steps_per_quarter") {
      o.steps_per_quarter = static_cast<int>(number);
    } else if (key == "max_duration_steps") {
      o.max_duration_steps = static_cast<int>(number);
    } else if (key == "velocity_bins") {
      o.velocity_bins = static_cast<int>(number);
    } else if (key == "transpose_to_c") {
      o.transpose_to_c = number != 0;
    } else if (key == "median_qpm") {
      if (!(number >= 10 && number <= 400)) throw fail("median_qpm must be in 10..400");
      qpm = number;
    } else if (key == "median_pitch") {
      if (!(number >= 0 && number <= 127)) throw fail("median_pitch must be in 0..127");
      median_pitch = static_cast<int>(number);
    } else {
      throw fail("unknown key '" + key + "'");
    }
  }
  if (!body) throw fail("file ends before the 'markov' line");
  stochastic::MarkovChain chain = [&] {
    try {
      return stochastic::MarkovChain::from_text(text.substr(std::min(pos, text.size())), path);
    } catch (const Error& e) {
      ErrorLocation where = e.where();
      if (where.line) where.line = *where.line + line_number;
      throw Error::input(path, where, e.message());
    }
  }();
  try {
    check_options(o);
    CorpusModel model(o, std::move(chain), qpm, median_pitch);
    // Every state must decode under the header's encoder.
    for (std::int64_t s : model.chain_.states())
      if (s < 0 || s >= model.encoder_.state_count())
        throw fail("state " + std::to_string(s) + " is outside the encoder's range");
    return model;
  } catch (const Error& e) {
    if (e.kind() == ErrorKind::kInput) throw;
    throw fail(e.message());
  }
}

void CorpusModel::save(const fs::path& path) const {
  core::write_file_atomically(path, to_text());
}

CorpusModel CorpusModel::load(const fs::path& path) {
  const std::vector<std::uint8_t> bytes = core::read_file(path, std::uint64_t{1} << 30);
  return from_text(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()),
                   path.string());
}

fs::path find_shipped_model(std::string_view file_name) {
  std::vector<fs::path> tried;
  auto hit = [&](const fs::path& dir) {
    if (std::find(tried.begin(), tried.end(), dir) != tried.end()) return false;
    tried.push_back(dir);
    std::error_code ec;
    return fs::is_regular_file(dir / file_name, ec);
  };
  if (const char* env = std::getenv("STOCHOS_MODELS_DIR"); env && *env) {
    if (hit(env)) return fs::path(env) / file_name;
  }
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const fs::path bin = exe.parent_path();
    if (hit(bin.parent_path() / "share" / "stochos" / "models"))
      return bin.parent_path() / "share/stochos/models" / file_name;
    for (fs::path p = bin; !p.empty(); p = p.parent_path()) {
      if (hit(p / "data" / "models")) return p / "data" / "models" / file_name;
      if (p == p.root_path()) break;
    }
  }
  for (fs::path p = fs::current_path(ec); !ec && !p.empty(); p = p.parent_path()) {
    if (hit(p / "data" / "models")) return p / "data" / "models" / file_name;
    if (p == p.root_path()) break;
  }
  std::string where;
  for (const auto& d : tried) where += (where.empty() ? "" : ", ") + d.string();
  throw Error::io(std::string(file_name),
                  "shipped model not found (looked in " + where + "; set STOCHOS_MODELS_DIR to its folder)");
}

}  // namespace stochos::score
