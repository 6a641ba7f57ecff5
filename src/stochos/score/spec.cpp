// SPDX-License-Identifier: GPL-3.0-or-later
// Composition files: TOML (toml11, which keeps the line and column of every value) to Spec.
#include "stochos/score/spec.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <sstream>
#include <toml.hpp>

#include "stochos/core/error.h"
#include "stochos/core/file_io.h"
#include "stochos/score/detail/toml_guard.h"
#include "stochos/score/expression.h"

namespace stochos::score {
namespace {

constexpr std::uint64_t kMaxSpecBytes = std::uint64_t{16} << 20;

class Reader {
 public:
  explicit Reader(std::string path) : path_(std::move(path)) {}

  [[noreturn]] void fail(const toml::value& at, const std::string& key_path,
                         const std::string& message) const {
    const auto loc = at.location();
    ErrorLocation where;
    where.line = loc.line();
    where.column = loc.column();
    where.context = key_path;
    throw Error::input(path_, where, message).with_code("spec");
  }

  /// Refuses keys outside `allowed`, reporting the first in the file with the nearest valid key.
  void check_keys(const toml::value& table, const std::string& key_path,
                  const std::vector<std::string>& allowed) const {
    const toml::value* first = nullptr;
    std::string first_key;
    for (const auto& [key, value] : table.as_table()) {
      if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
      const auto a = value.location();
      if (!first || a.line() < first->location().line() ||
          (a.line() == first->location().line() && a.column() < first->location().column())) {
        first = &value;
        first_key = key;
      }
    }
    if (first) {
      std::string all;
      for (const auto& k : allowed) all += (all.empty() ? "" : ", ") + k;
      fail(*first, join(key_path, first_key),
           "unknown key '" + first_key + "'" + did_you_mean(first_key, allowed) + " (valid here: " + all +
               ")");
    }
  }

  static std::string join(const std::string& a, const std::string& b) { return a.empty() ? b : a + "." + b; }

  const toml::value* find(const toml::value& table, const std::string& key) const {
    const auto& t = table.as_table();
    auto it = t.find(key);
    return it == t.end() ? nullptr : &it->second;
  }

  double number(const toml::value& v, const std::string& key_path, double lo, double hi) const {
    double x = 0;
    if (v.is_integer())
      x = static_cast<double>(v.as_integer());
    else if (v.is_floating())
      x = v.as_floating();
    else
      fail(v, key_path, "expected a number");
    if (!(x >= lo && x <= hi)) {
      char buf[96];
      std::snprintf(buf, sizeof buf, "value %g is outside %g..%g", x, lo, hi);
      fail(v, key_path, buf);
    }
    return x;
  }
  int integer(const toml::value& v, const std::string& key_path, int lo, int hi) const {
    if (!v.is_integer()) fail(v, key_path, "expected an integer");
    const auto x = v.as_integer();
    if (x < lo || x > hi)
      fail(v, key_path,
           "value " + std::to_string(x) + " is outside " + std::to_string(lo) + ".." + std::to_string(hi));
    return static_cast<int>(x);
  }
  std::string string(const toml::value& v, const std::string& key_path) const {
    if (!v.is_string()) fail(v, key_path, "expected a string");
    return v.as_string().str;
  }

  /// A binding from a string expression or a number, checked by building it once.
  Binding binding(const toml::value& v, const std::string& key_path) const {
    Binding b;
    b.key_path = key_path;
    const auto loc = v.location();
    b.where = {loc.line(), loc.column()};
    if (v.is_string()) {
      b.expression = v.as_string().str;
      b.quoted = true;
    } else if (v.is_integer() || v.is_floating()) {
      std::ostringstream s;
      s.precision(17);
      s << (v.is_integer() ? static_cast<double>(v.as_integer()) : v.as_floating());
      b.expression = s.str();
    } else {
      fail(v, key_path, "expected a generator expression in quotes, or a number");
    }
    try {
      (void)make_generator(b.expression, core::Rng(0));
    } catch (const Error& e) {
      rethrow_in_binding(e, b, path_);
    }
    return b;
  }

  /// The `gendyn` table of a voice (spec.h GendynSpec; ranges as audio/synth/gendyn.h).
  GendynSpec gendyn(const toml::value& t, const std::string& key) const {
    if (!t.is_table()) fail(t, key, "expected a table of GENDYN parameters, e.g. { model = \"gendy1\" }");
    check_keys(t, key,
               {"model", "ampdist", "durdist", "adparam", "ddparam", "ampscale", "durscale", "init_cps", "knum", "a",
                "c", "interpolation", "spread_semitones", "gain", "attack_seconds", "release_seconds"});
    GendynSpec g;
    if (auto* x = find(t, "model")) {
      const std::string m = string(*x, key + ".model");
      if (m == "gendy1")
        g.model = GendynSpec::Model::kGendy1;
      else if (m == "gendy2")
        g.model = GendynSpec::Model::kGendy2;
      else if (m == "gendy3")
        g.model = GendynSpec::Model::kGendy3;
      else
        fail(*x, key + ".model",
             "'" + m + "' is not gendy1, gendy2 or gendy3" + did_you_mean(m, {"gendy1", "gendy2", "gendy3"}));
    }
    auto law = [&](const char* name, stochastic::GendyDistribution fallback) {
      const toml::value* x = find(t, name);
      if (!x) return fallback;
      try {
        if (x->is_integer()) return stochastic::gendy_distribution(integer(*x, key + "." + name, 0, 6));
        return stochastic::gendy_distribution(string(*x, key + "." + name));
      } catch (const Error& e) {
        if (e.kind() == ErrorKind::kInput) throw;
        fail(*x, key + "." + name, e.message());
      }
    };
    g.ampdist = law("ampdist", g.ampdist);
    g.durdist = law("durdist", g.durdist);
    auto real = [&](const char* name, double& out, double lo, double hi) {
      if (auto* x = find(t, name)) out = number(*x, key + "." + name, lo, hi);
    };
    real("adparam", g.adparam, 0.0, 1.0);
    real("ddparam", g.ddparam, 0.0, 1.0);
    real("ampscale", g.ampscale, 0.0, 2.0);
    real("durscale", g.durscale, 0.0, 1.0);
    real("a", g.lehmer_a, -1e6, 1e6);
    real("c", g.lehmer_c, -1e6, 1e6);
    real("spread_semitones", g.spread_semitones, 0.0, 24.0);
    real("gain", g.gain, 0.0, 1.0);
    real("attack_seconds", g.attack_seconds, 0.0, 10.0);
    real("release_seconds", g.release_seconds, 0.0, 10.0);
    if (auto* x = find(t, "init_cps")) g.init_cps = integer(*x, key + ".init_cps", 1, 4096);
    if (auto* x = find(t, "knum")) g.knum = integer(*x, key + ".knum", 0, 4096);
    if (auto* x = find(t, "interpolation")) {
      const std::string i = string(*x, key + ".interpolation");
      if (i != "linear" && i != "cubic")
        fail(*x, key + ".interpolation", "'" + i + "' is not linear or cubic" + did_you_mean(i, {"linear", "cubic"}));
      g.cubic = i == "cubic";
    }
    return g;
  }

  Spec read(const toml::value& root) {
    Spec spec;
    spec.path = path_;
    check_keys(root, "", {"title", "tempo_qpm", "time_signature", "duration_seconds", "section", "voice"});
    if (auto* v = find(root, "title")) spec.title = string(*v, "title");
    if (auto* v = find(root, "tempo_qpm")) spec.tempo_qpm = number(*v, "tempo_qpm", 1.0, 1000.0);
    if (auto* v = find(root, "time_signature")) {
      const std::string ts = string(*v, "time_signature");
      int n = 0, d = 0;
      char slash = 0, extra = 0;
      if (std::sscanf(ts.c_str(), "%d %c %d %c", &n, &slash, &d, &extra) != 3 || slash != '/' || n < 1 ||
          n > 64 || (d & (d - 1)) != 0 || d < 1 || d > 64) {
        fail(*v, "time_signature", "expected a time signature such as \"3/4\" (denominator a power of two)");
      }
      spec.time_signature_numerator = n;
      spec.time_signature_denominator = d;
    }
    double end_seconds = 0;
    if (auto* v = find(root, "section")) {
      if (!v->is_array()) fail(*v, "section", "expected [[section]] tables");
      if (v->as_array().size() > kMaxSections)
        fail(*v, "section", "more than " + std::to_string(kMaxSections) + " sections");
      std::size_t i = 0;
      for (const auto& s : v->as_array()) {
        const std::string key = "section[" + std::to_string(i++) + "]";
        if (!s.is_table()) fail(s, key, "expected a table");
        check_keys(s, key, {"name", "start_seconds", "duration_seconds"});
        SectionSpec section;
        section.name = find(s, "name") ? string(*find(s, "name"), key + ".name") : key;
        section.start_seconds = find(s, "start_seconds") ? number(*find(s, "start_seconds"),
                                                                  key + ".start_seconds", 0, kMaxSpecSeconds)
                                                         : end_seconds;
        if (!find(s, "duration_seconds")) fail(s, key, "missing key 'duration_seconds'");
        section.duration_seconds =
            number(*find(s, "duration_seconds"), key + ".duration_seconds", 1e-3, kMaxSpecSeconds);
        end_seconds = std::max(end_seconds, section.start_seconds + section.duration_seconds);
        for (const auto& other : spec.sections)
          if (other.name == section.name)
            fail(s, key + ".name", "a second section named '" + section.name + "'");
        spec.sections.push_back(section);
      }
    }
    if (auto* v = find(root, "duration_seconds")) {
      spec.duration_seconds = number(*v, "duration_seconds", 1e-3, kMaxSpecSeconds);
    } else if (end_seconds > 0) {
      spec.duration_seconds = end_seconds;
    } else {
      fail(root, "", "the piece needs 'duration_seconds' or [[section]] tables to know its length");
    }
    const toml::value* voices = find(root, "voice");
    if (!voices || !voices->is_array() || voices->as_array().empty()) {
      fail(voices ? *voices : root, "voice", "the piece needs at least one [[voice]] table");
    }
    if (voices->as_array().size() > kMaxVoices) {
      fail(*voices, "voice",
           std::to_string(voices->as_array().size()) + " voices; at most " + std::to_string(kMaxVoices) +
               " are allowed");
    }
    std::size_t i = 0;
    for (const auto& v : voices->as_array()) spec.voices.push_back(voice(v, i++, spec));
    return spec;
  }

  VoiceSpec voice(const toml::value& v, std::size_t index, const Spec& spec) {
    std::string key = "voice[" + std::to_string(index) + "]";
    if (!v.is_table()) fail(v, key, "expected a table");
    VoiceSpec voice;
    if (auto* n = find(v, "name"))
      voice.name = string(*n, key + ".name");
    else
      voice.name = "voice" + std::to_string(index + 1);
    for (const auto& other : spec.voices)
      if (other.name == voice.name)
        fail(*find(v, "name"), key + ".name", "a second voice named '" + voice.name + "'");
    key = "voice[" + voice.name + "]";
    check_keys(
        v, key,
        {"name", "program", "drums", "start_seconds", "sections", "range", "out_of_range", "pitch",
         "duration_seconds", "ioi_seconds", "onset_seconds", "velocity", "timbre", "timbre_cc", "pan", "synth",
         "gendyn"});
    if (auto* x = find(v, "program")) voice.program = integer(*x, key + ".program", 0, 127);
    if (auto* x = find(v, "drums")) {
      if (!x->is_boolean()) fail(*x, key + ".drums", "expected true or false");
      voice.drums = x->as_boolean();
    }
    if (auto* x = find(v, "start_seconds"))
      voice.start_seconds = number(*x, key + ".start_seconds", 0, kMaxSpecSeconds);
    if (auto* x = find(v, "sections")) {
      if (!x->is_array()) fail(*x, key + ".sections", "expected a list of section names");
      for (const auto& s : x->as_array()) {
        const std::string name = string(s, key + ".sections");
        std::vector<std::string> known;
        for (const auto& sec : spec.sections) known.push_back(sec.name);
        if (std::find(known.begin(), known.end(), name) == known.end()) {
          fail(s, key + ".sections", "no section named '" + name + "'" + did_you_mean(name, known));
        }
        voice.sections.push_back(name);
      }
    }
    if (auto* x = find(v, "range")) {
      if (!x->is_array() || x->as_array().size() != 2)
        fail(*x, key + ".range", "expected [lowest, highest] MIDI pitches");
      voice.lowest_pitch = integer(x->as_array()[0], key + ".range", 0, 127);
      voice.highest_pitch = integer(x->as_array()[1], key + ".range", voice.lowest_pitch, 127);
    }
    if (auto* x = find(v, "out_of_range")) {
      const std::string p = string(*x, key + ".out_of_range");
      if (p == "clamp")
        voice.range_policy = RangePolicy::kClamp;
      else if (p == "drop")
        voice.range_policy = RangePolicy::kDrop;
      else if (p == "refuse")
        voice.range_policy = RangePolicy::kRefuse;
      else
        fail(*x, key + ".out_of_range",
             "'" + p + "' is not clamp, drop or refuse" + did_you_mean(p, {"clamp", "drop", "refuse"}));
    }
    if (auto* x = find(v, "timbre_cc")) voice.timbre_cc = integer(*x, key + ".timbre_cc", 0, 127);
    if (auto* x = find(v, "synth")) {
      const std::string name = string(*x, key + ".synth");
      if (name == "gm")
        voice.synth = VoiceSynth::kGeneralMidi;
      else if (name == "gendyn")
        voice.synth = VoiceSynth::kGendyn;
      else
        fail(*x, key + ".synth", "'" + name + "' is not gm or gendyn" + did_you_mean(name, {"gm", "gendyn"}));
      if (voice.synth == VoiceSynth::kGendyn && voice.drums)
        fail(*x, key + ".synth", "a drum voice plays General MIDI drum kits, not GENDYN");
    }
    if (auto* x = find(v, "gendyn")) {
      if (voice.synth != VoiceSynth::kGendyn)
        fail(*x, key + ".gendyn", "GENDYN parameters given, but the voice lacks synth = \"gendyn\"");
      voice.gendyn = gendyn(*x, key + ".gendyn");
    }
    auto bind = [&](const char* name, const char* fallback) {
      if (auto* x = find(v, name)) return binding(*x, key + "." + name);
      Binding b;
      b.expression = fallback;
      b.key_path = key + "." + name;
      return b;
    };
    voice.pitch = bind("pitch", "60");
    voice.duration_seconds = bind("duration_seconds", "0.5");
    voice.velocity = bind("velocity", "80");
    const toml::value* ioi = find(v, "ioi_seconds");
    const toml::value* onset = find(v, "onset_seconds");
    if (ioi && onset) fail(*onset, key + ".onset_seconds", "give 'ioi_seconds' or 'onset_seconds', not both");
    if (!ioi && !onset)
      fail(v, key, "missing 'ioi_seconds' (time between onsets) or 'onset_seconds' (onset times)");
    if (ioi) voice.ioi_seconds = binding(*ioi, key + ".ioi_seconds");
    if (onset) voice.onset_seconds = binding(*onset, key + ".onset_seconds");
    if (auto* x = find(v, "timbre")) voice.timbre = binding(*x, key + ".timbre");
    if (auto* x = find(v, "pan")) voice.pan = binding(*x, key + ".pan");
    return voice;
  }

 private:
  std::string path_;
};

}  // namespace

void rethrow_in_binding(const Error& error, const Binding& binding, const std::string& path) {
  ErrorLocation where;
  if (binding.where.line > 0) {
    where.line = binding.where.line;
    where.column = binding.where.column;
    // Expression columns are 1-based inside the string; a TOML string's text starts after
    // its opening quote (exact for strings without escapes, which expressions never need).
    if (error.where().column)
      where.column = binding.where.column + *error.where().column - (binding.quoted ? 0 : 1);
  } else if (error.where().column) {
    where.line = 1;
    where.column = error.where().column;
  }
  where.context = binding.key_path;
  const ErrorKind kind = error.kind() == ErrorKind::kUsage ? ErrorKind::kInput : error.kind();
  throw Error(kind, error.message(), path, where).with_code(error.code());
}

Spec parse_spec_text(std::string_view toml_text, const std::string& path) {
  detail::check_toml_text(toml_text, path);  // before toml11, which crashes on either
  toml::value root;
  try {
    std::istringstream in{std::string(toml_text)};
    root = toml::parse(in, path);
  } catch (const toml::syntax_error& e) {
    // toml11's message is several lines with an ASCII drawing; keep its first sentence.
    std::string message = e.what();
    if (auto p = message.find('\n'); p != std::string::npos) message.resize(p);
    if (message.rfind("[error] ", 0) == 0) message = message.substr(8);
    ErrorLocation where;
    where.line = e.location().line();
    where.column = e.location().column();
    throw Error::input(path, where, "TOML syntax: " + message).with_code("toml_syntax");
  } catch (const toml::exception& e) {
    throw Error::input(path, {}, std::string("TOML: ") + e.what()).with_code("toml_syntax");
  }
  return Reader(path).read(root);
}

Spec parse_spec_file(const std::filesystem::path& path) {
  const auto bytes = core::read_file(path, kMaxSpecBytes);
  return parse_spec_text(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()),
                         path.string());
}

}  // namespace stochos::score
