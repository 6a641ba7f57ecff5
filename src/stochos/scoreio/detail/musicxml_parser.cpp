// SPDX-License-Identifier: GPL-3.0-or-later
// note_seq musicxml_parser.py (MusicXMLDocument, Part, Measure, Note, NoteDuration,
// TimeSignature, KeySignature, Tempo) with its arithmetic kept in the same order, so that
// times agree to the last bit. The chord-symbol rules are in harmony.cpp.
#include "stochos/scoreio/detail/musicxml_parser.h"

#include <cmath>
#include <cstdlib>
#include <map>
#include <numeric>

#include "stochos/scoreio/detail/harmony.h"
#include "stochos/scoreio/detail/py_text.h"
#include "stochos/scoreio/musicxml_reader.h"

namespace stochos::scoreio::detail {

Ratio make_ratio(std::int64_t num, std::int64_t den) {
  if (den < 0) {
    num = -num;
    den = -den;
  }
  const std::int64_t g = std::gcd(num, den);
  if (g > 1) {
    num /= g;
    den /= g;
  }
  return {num, den};
}
bool operator==(const Ratio& a, const Ratio& b) { return a.num == b.num && a.den == b.den; }
Ratio operator+(const Ratio& a, const Ratio& b) { return make_ratio(a.num * b.den + b.num * a.den, a.den * b.den); }

namespace {

constexpr double kStandardPpq = 220.0;  // note_seq constants.STANDARD_PPQ
const std::string kParse(kCodeMusicXmlParse);

// MusicXMLParserState: shared by every part; only the clock, channel, program and transpose
// are reset per part (Part._parse), so divisions, tempo and the time signature carry over.
struct State {
  std::int64_t divisions = 1;
  double qpm = 120;
  double seconds_per_quarter = 0.5;
  double time_position = 0;
  int velocity = 64;
  int midi_program = 0;
  int midi_channel = 0;
  std::optional<ParsedNote> previous_note;
  int transpose = 0;
  std::optional<ParsedTimeSignature> time_signature;
};

const std::map<std::string, Ratio>& type_ratios() {
  static const std::map<std::string, Ratio> m = {
      {"maxima", {8, 1}}, {"long", {4, 1}},     {"breve", {2, 1}},     {"whole", {1, 1}},
      {"half", {1, 2}},   {"quarter", {1, 4}},  {"eighth", {1, 8}},    {"16th", {1, 16}},
      {"32nd", {1, 32}},  {"64th", {1, 64}},    {"128th", {1, 128}},   {"256th", {1, 256}},
      {"512th", {1, 512}}, {"1024th", {1, 1024}}};
  return m;
}

class Parser {
 public:
  explicit Parser(const XmlDocument& doc) : doc_(doc) {}

  ParsedScore run() {
    ParsedScore score;
    const pugi::xml_node root = doc_.root();
    if (const auto work = root.child("work")) score.work_title = text_of(work.child("work-title")).text;
    if (const auto ident = root.child("identification")) {
      for (const auto creator : ident.children("creator")) {
        const auto t = text_of(creator);
        if (!t.text.empty()) score.creators.push_back(t.text);
      }
    }
    struct ScorePart {
      std::string name;
      int channel = 0;
      int program = 0;
    };
    std::map<std::string, ScorePart> score_parts;
    if (const auto part_list = root.child("part-list")) {
      for (const auto el : part_list.children("score-part")) {
        const auto id = el.attribute("id");
        if (!id) throw doc_.error(el, kParse, "<score-part> has no id attribute");
        ScorePart sp;
        if (const auto name = el.child("part-name")) sp.name = text_of(name).text;
        const auto inst = el.child("midi-instrument");
        if (inst && inst.child("midi-channel") && inst.child("midi-program")) {
          sp.channel = static_cast<int>(int_of(inst.child("midi-channel"), kParse));
          sp.program = static_cast<int>(int_of(inst.child("midi-program"), kParse));
        }
        score_parts[id.value()] = sp;
      }
    }
    for (const auto xml_part : root.children("part")) {
      ParsedPart part;
      ScorePart sp;
      if (const auto id = xml_part.attribute("id")) {
        const auto it = score_parts.find(id.value());
        if (it != score_parts.end()) sp = it->second;
      }
      part.name = sp.name;
      state_.time_position = 0;
      state_.midi_channel = sp.channel;
      state_.midi_program = sp.program;
      state_.transpose = 0;
      for (const auto xml_measure : xml_part.children("measure")) part.measures.push_back(parse_measure(xml_measure));
      score.parts.push_back(std::move(part));
      if (state_.time_position > score.total_time_seconds) score.total_time_seconds = state_.time_position;
    }
    score.final_qpm = state_.qpm;
    return score;
  }

 private:
  std::int64_t int_of(pugi::xml_node node, const std::string& code) const {
    const auto t = text_of(node);
    const auto v = py_int(t);
    if (!v) {
      throw doc_.error(node, code, "<" + std::string(node.name()) + "> is not an integer: '" + t.text + "'");
    }
    return *v;
  }
  std::int64_t int_child(pugi::xml_node parent, const char* name, const std::string& code) const {
    const auto child = parent.child(name);
    if (!child) throw doc_.error(parent, code, "<" + std::string(parent.name()) + "> has no <" + name + ">");
    return int_of(child, code);
  }
  // duration * (220 / divisions) / 220 * seconds_per_quarter, in note_seq's order.
  double seconds_of(std::int64_t duration, pugi::xml_node where) const {
    if (state_.divisions == 0) throw doc_.error(where, kParse, "divisions is 0");
    const double midi_ticks = static_cast<double>(duration) * (kStandardPpq / static_cast<double>(state_.divisions));
    return midi_ticks / kStandardPpq * state_.seconds_per_quarter;
  }

  ParsedMeasure parse_measure(pugi::xml_node xml_measure) {
    ParsedMeasure m;
    std::int64_t duration = 0;
    const double start_time_position = state_.time_position;
    // Part._repair_empty_measure: a measure holding only one <forward> becomes a whole rest
    // of that length (voice 1), appended after the measure's other children.
    pugi::xml_node repaired_forward;
    {
      int forwards = 0;
      int notes = 0;
      for (const auto c : xml_measure.children()) {
        if (c.type() != pugi::node_element) continue;
        if (std::string_view(c.name()) == "forward") ++forwards;
        if (std::string_view(c.name()) == "note") ++notes;
      }
      if (notes == 0 && forwards == 1) repaired_forward = xml_measure.child("forward");
    }
    for (const auto child : xml_measure.children()) {
      if (child.type() != pugi::node_element) continue;
      const std::string_view tag = child.name();
      if (child == repaired_forward) continue;
      if (tag == "attributes") {
        parse_attributes(child, m);
      } else if (tag == "backup") {
        state_.time_position -= seconds_of(int_child(child, "duration", kParse), child);
      } else if (tag == "direction") {
        parse_direction(child, m);
      } else if (tag == "forward") {
        state_.time_position += seconds_of(int_child(child, "duration", kParse), child);
      } else if (tag == "note") {
        ParsedNote note = parse_note(child);
        add_note(m, note, duration);
      } else if (tag == "harmony") {
        m.chord_symbols.push_back(parse_harmony(doc_, child, state_.time_position, state_.divisions,
                                                state_.seconds_per_quarter, state_.transpose != 0));
      }
    }
    if (repaired_forward) {
      ParsedNote rest;
      rest.is_rest = true;
      rest.midi_channel = state_.midi_channel;
      rest.midi_program = state_.midi_program;
      rest.velocity = state_.velocity;
      set_duration(rest, int_child(repaired_forward, "duration", kParse), repaired_forward);
      rest.ratio = {1, 1};
      add_note(m, rest, duration);
    }
    fix_time_signature(m, duration, start_time_position);
    return m;
  }

  void add_note(ParsedMeasure& m, const ParsedNote& note, std::int64_t& duration) {
    m.notes.push_back(note);
    state_.previous_note = note;
    if (note.voice == 1 && !note.is_in_chord) duration += note.duration;
  }

  void parse_attributes(pugi::xml_node xml_attributes, ParsedMeasure& m) {
    for (const auto child : xml_attributes.children()) {
      if (child.type() != pugi::node_element) continue;
      const std::string_view tag = child.name();
      if (tag == "divisions") {
        state_.divisions = int_of(child, kParse);
        if (state_.divisions <= 0) throw doc_.error(child, kParse, "divisions must be positive");
      } else if (tag == "key") {
        const auto fifths = child.child("fifths");
        if (!fifths) {
          throw doc_.error(child, std::string(kCodeKeyParse), "Could not find fifths attribute in key signature.");
        }
        ParsedKeySignature key;
        key.key = static_cast<int>(int_of(fifths, std::string(kCodeKeyParse)));
        key.time_position = state_.time_position;
        if (key.key < -7 || key.key > 7) {
          throw doc_.error(fifths, std::string(kCodeKeyParse), "fifths must be between -7 and 7");
        }
        m.key_signature = key;
      } else if (tag == "time") {
        if (m.time_signature) {
          throw doc_.error(child, std::string(kCodeMultipleTimeSignature), "Multiple time signatures");
        }
        m.time_signature = parse_time(child);
        state_.time_signature = m.time_signature;
      } else if (tag == "transpose") {
        const int transpose = static_cast<int>(int_child(child, "chromatic", kParse));
        state_.transpose = transpose;
        if (m.key_signature) {
          // Measure._parse_attributes: the written key moves by (transpose * -5) mod 12
          // fifths; above 6 it wraps with Python's % -6 (e.g. G with -2 gives F).
          const int key_transpose = py_mod(transpose * -5, 12);
          int new_key = m.key_signature->key + key_transpose;
          if (new_key > 6) new_key = py_mod(new_key, -6);
          m.key_signature->key = new_key;
        }
      }
    }
  }

  ParsedTimeSignature parse_time(pugi::xml_node xml_time) {
    const std::string code(kCodeTimeSignatureParse);
    int beats = 0;
    int beat_types = 0;
    for (const auto c : xml_time.children("beats")) (void)c, ++beats;
    for (const auto c : xml_time.children("beat-type")) (void)c, ++beat_types;
    if (beats > 1 || beat_types > 1) {
      throw doc_.error(xml_time, std::string(kCodeAlternatingTimeSignature), "Alternating Time Signature");
    }
    const auto b = text_of(xml_time.child("beats"));
    const auto bt = text_of(xml_time.child("beat-type"));
    const auto n = py_int(b);
    const auto d = py_int(bt);
    if (!n || !d) {
      throw doc_.error(xml_time, code, "Could not parse time signature: " + b.text + "/" + bt.text);
    }
    ParsedTimeSignature ts;
    ts.numerator = static_cast<int>(*n);
    ts.denominator = static_cast<int>(*d);
    ts.time_position = state_.time_position;
    return ts;
  }

  void parse_direction(pugi::xml_node xml_direction, ParsedMeasure& m) {
    for (const auto child : xml_direction.children("sound")) {
      const auto tempo_attr = child.attribute("tempo");
      if (!tempo_attr) continue;
      const auto qpm = py_float(tempo_attr.value());
      if (!qpm) throw doc_.error(child, kParse, std::string("tempo is not a number: '") + tempo_attr.value() + "'");
      ParsedTempo tempo;
      tempo.qpm = *qpm == 0 ? 120.0 : *qpm;  // DEFAULT_QUARTERS_PER_MINUTE
      if (!(tempo.qpm > 0) || !std::isfinite(tempo.qpm)) throw doc_.error(child, kParse, "tempo must be positive");
      tempo.time_position = state_.time_position;
      m.tempos.push_back(tempo);
      state_.qpm = tempo.qpm;
      state_.seconds_per_quarter = 60 / state_.qpm;
      // Only a <sound> that sets a tempo is read for dynamics (note_seq nests the check).
      if (const auto dyn = child.attribute("dynamics")) {
        const auto v = py_int(NodeText{true, dyn.value()});
        if (!v) throw doc_.error(child, kParse, std::string("dynamics is not an integer: '") + dyn.value() + "'");
        state_.velocity = static_cast<int>(*v);
      }
    }
  }

  void set_duration(ParsedNote& note, std::int64_t duration, pugi::xml_node where) {
    // NoteDuration.parse_duration: a chord note takes the previous note's duration and onset.
    note.duration = duration;
    if (note.is_in_chord) {
      if (!state_.previous_note) throw doc_.error(where, kParse, "<chord/> note with no previous note");
      note.duration = state_.previous_note->duration;
    }
    note.seconds = seconds_of(note.duration, where);
    note.time_position = state_.time_position;
    if (note.is_in_chord) {
      note.time_position = state_.previous_note->time_position;
    } else {
      state_.time_position += note.seconds;
    }
  }

  ParsedNote parse_note(pugi::xml_node xml_note) {
    ParsedNote note;
    note.midi_channel = state_.midi_channel;
    note.midi_program = state_.midi_program;
    note.velocity = state_.velocity;
    bool is_grace_note = true;  // NoteDuration assumes a grace note until a <duration> is read
    std::string type = "quarter";
    int dots = 0;
    Ratio tuplet{1, 1};
    for (const auto child : xml_note.children()) {
      if (child.type() != pugi::node_element) continue;
      const std::string_view tag = child.name();
      if (tag == "chord") {
        note.is_in_chord = true;
      } else if (tag == "duration") {
        set_duration(note, int_of(child, kParse), child);
        is_grace_note = false;
      } else if (tag == "pitch") {
        parse_pitch(child, note);
      } else if (tag == "rest") {
        note.is_rest = true;
      } else if (tag == "voice") {
        note.voice = static_cast<int>(int_of(child, kParse));
      } else if (tag == "dot") {
        ++dots;
      } else if (tag == "type") {
        const auto t = text_of(child);
        if (!t.present || !type_ratios().count(t.text)) {
          throw doc_.error(child, std::string(kCodeInvalidNoteDurationType),
                           "Note duration type \"" + t.text + "\" is not valid");
        }
        type = t.text;
      } else if (tag == "time-modification") {
        const auto actual = int_child(child, "actual-notes", kParse);
        const auto normal = int_child(child, "normal-notes", kParse);
        if (actual <= 0 || normal <= 0) throw doc_.error(child, kParse, "tuplet ratio must be positive");
        tuplet = make_ratio(actual, normal);
      } else if (tag == "unpitched") {
        throw doc_.error(child, std::string(kCodeUnpitchedNote), "Unpitched notes are not supported");
      } else if (tag == "tie") {
        const std::string_view kind = child.attribute("type").value();
        if (kind == "start") note.tie_start = true;
        if (kind == "stop") note.tie_stop = true;
      }
    }
    if (!note.is_rest && !note.has_pitch) throw doc_.error(xml_note, kParse, "<note> has neither <pitch> nor <rest>");
    // NoteDuration.duration_ratio: type / tuplet plus dots; 0 for grace notes.
    if (is_grace_note) {
      note.ratio = {0, 1};
    } else {
      const Ratio base = type_ratios().at(type);
      const Ratio type_ratio = make_ratio(base.num * tuplet.den, base.den * tuplet.num);
      Ratio sum = type_ratio;
      std::int64_t half_pow = 1;
      for (int dot = 0; dot < dots && dot < 16; ++dot) {
        half_pow *= 2;
        sum = sum + make_ratio(type_ratio.num, type_ratio.den * half_pow);
      }
      note.ratio = sum;
    }
    return note;
  }

  void parse_pitch(pugi::xml_node xml_pitch, ParsedNote& note) {
    const auto step_node = xml_pitch.child("step");
    if (!step_node) throw doc_.error(xml_pitch, kParse, "<pitch> has no <step>");
    const std::string step = text_of(step_node).text;
    double alter = 0.0;
    if (const auto a = xml_pitch.child("alter")) {
      const auto t = text_of(a);
      if (!t.text.empty()) {
        const auto v = py_float(t.text);
        if (!v) throw doc_.error(a, kParse, "<alter> is not a number: '" + t.text + "'");
        alter = *v;
      }
    }
    const auto octave = int_child(xml_pitch, "octave", kParse);
    static const std::map<std::string, int> kClasses = {{"C", 0}, {"D", 2}, {"E", 4}, {"F", 5},
                                                          {"G", 7}, {"A", 9}, {"B", 11}};
    const auto it = kClasses.find(step);
    if (it == kClasses.end()) {
      throw doc_.error(step_node, std::string(kCodePitchStepParse), "Unable to parse pitch step " + step);
    }
    if (std::abs(alter) > 1e6 || std::abs(octave) > 1000) throw doc_.error(xml_pitch, kParse, "pitch out of range");
    // Note.pitch_to_midi_pitch: int() truncates the alter, so Cb4 is 71 and B#4 is 60.
    const int pitch_class = py_mod(it->second + static_cast<int>(alter), 12);
    note.midi_pitch = 12 + pitch_class + static_cast<int>(octave) * 12 + state_.transpose;
    note.has_pitch = true;
  }

  // Measure._fix_time_signature: pickup and short measures, and scores with no <time>.
  void fix_time_signature(ParsedMeasure& m, std::int64_t numerator, double start_time_position) {
    const std::int64_t denominator = state_.divisions * 4;
    const Ratio fractional = make_ratio(numerator, denominator);
    if (!state_.time_signature && !m.time_signature) {
      ParsedTimeSignature ts;  // time_position stays 0, as TimeSignature(state) leaves it
      ts.numerator = static_cast<int>(fractional.num);
      ts.denominator = static_cast<int>(fractional.den);
      m.time_signature = ts;
      state_.time_signature = ts;
      return;
    }
    const ParsedTimeSignature& current = *state_.time_signature;
    if (current.denominator == 0) return;  // a written x/0 cannot be compared; keep it
    const Ratio state_fraction = make_ratio(current.numerator, current.denominator);
    const bool pickup_measure = numerator < current.numerator;
    ParsedTimeSignature fixed;
    if (fractional == Ratio{1, 1} && !pickup_measure) {
      fixed.numerator = current.denominator;
      fixed.denominator = current.denominator;
    } else {
      fixed.numerator = static_cast<int>(fractional.num);
      fixed.denominator = static_cast<int>(fractional.den);
    }
    if (pickup_measure || (!m.time_signature && !(fractional == state_fraction))) {
      fixed.time_position = start_time_position;
      m.time_signature = fixed;
      state_.time_signature = fixed;
    }
  }

  const XmlDocument& doc_;
  State state_;
};

}  // namespace

ParsedScore parse_musicxml(const XmlDocument& doc) { return Parser(doc).run(); }

}  // namespace stochos::scoreio::detail
