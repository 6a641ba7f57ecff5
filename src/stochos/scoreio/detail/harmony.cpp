// SPDX-License-Identifier: GPL-3.0-or-later
// note_seq musicxml_parser.ChordSymbol: root + kind abbreviation + "(degree)"s + "/bass";
// kind "none" is "N.C.".
#include "stochos/scoreio/detail/harmony.h"

#include <map>
#include <optional>
#include <vector>

#include "stochos/scoreio/detail/py_text.h"
#include "stochos/scoreio/musicxml_reader.h"

namespace stochos::scoreio::detail {
namespace {

const std::map<std::string, std::string>& kind_abbreviations() {
  // ChordSymbol.CHORD_KIND_ABBREVIATIONS, verbatim.
  static const std::map<std::string, std::string> m = {
      {"major", ""}, {"minor", "m"}, {"augmented", "aug"}, {"diminished", "dim"}, {"dominant", "7"},
      {"major-seventh", "maj7"}, {"minor-seventh", "m7"}, {"diminished-seventh", "dim7"},
      {"augmented-seventh", "aug7"}, {"half-diminished", "m7b5"}, {"major-minor", "m(maj7)"},
      {"major-sixth", "6"}, {"minor-sixth", "m6"}, {"dominant-ninth", "9"}, {"major-ninth", "maj9"},
      {"minor-ninth", "m9"}, {"dominant-11th", "11"}, {"major-11th", "maj11"}, {"minor-11th", "m11"},
      {"dominant-13th", "13"}, {"major-13th", "maj13"}, {"minor-13th", "m13"}, {"suspended-second", "sus2"},
      {"suspended-fourth", "sus"}, {"pedal", "ped"}, {"power", "5"}, {"none", "N.C."},
      {"dominant-seventh", "7"}, {"augmented-ninth", "aug9"}, {"minor-major", "m(maj7)"}, {"", ""},
      {"min", "m"}, {"aug", "aug"}, {"dim", "dim"}, {"7", "7"}, {"maj7", "maj7"}, {"min7", "m7"},
      {"dim7", "dim7"}, {"m7b5", "m7b5"}, {"minMaj7", "m(maj7)"}, {"6", "6"}, {"min6", "m6"},
      {"maj69", "6(add9)"}, {"9", "9"}, {"maj9", "maj9"}, {"min9", "m9"}, {"sus47", "sus7"}};
  return m;
}

class HarmonyParser {
 public:
  HarmonyParser(const XmlDocument& doc, bool transposing) : doc_(doc), transposing_(transposing) {}

  [[noreturn]] void fail(pugi::xml_node at, const std::string& message) const {
    throw doc_.error(at, std::string(kCodeChordSymbolParse), message);
  }

  std::string alter_string(pugi::xml_node at) const {
    const auto t = text_of(at);
    const auto v = py_int(t);
    if (!v) fail(at, "Non-integer alter: " + (t.present ? t.text : std::string("None")));
    switch (*v) {
      case -2: return "bb";
      case -1: return "b";
      case 0: return "";
      case 1: return "#";
      case 2: return "##";
      default: fail(at, "Invalid alter: " + std::to_string(*v));
    }
  }

  std::string pitch(pugi::xml_node xml_pitch, const char* step_tag, const char* alter_tag) const {
    const auto step = xml_pitch.child(step_tag);
    if (!step) fail(xml_pitch, "Missing pitch step");
    std::string out = text_of(step).text;
    if (const auto alter = xml_pitch.child(alter_tag)) out += alter_string(alter);
    if (transposing_) fail(xml_pitch, "Transposition of chord symbols currently unsupported");
    return out;
  }

  std::string degree(pugi::xml_node xml_degree) const {
    const auto value_node = xml_degree.child("degree-value");
    if (!value_node) fail(xml_degree, "Missing scale degree value in harmony");
    const auto value_text = text_of(value_node);
    if (!value_text.present) fail(value_node, "Missing scale degree");
    const auto value = py_int(value_text);
    if (!value) fail(value_node, "Non-integer scale degree: " + value_text.text);
    std::string alter;
    if (const auto a = xml_degree.child("degree-alter")) alter = alter_string(a);
    const auto type_node = xml_degree.child("degree-type");
    if (!type_node) fail(xml_degree, "Missing degree modification type");
    const auto type_text = text_of(type_node);
    std::string type;
    if (type_text.present && type_text.text == "add") {
      type = alter.empty() ? "add" : "";
    } else if (type_text.present && type_text.text == "subtract") {
      type = "no";
      alter.clear();
    } else if (type_text.present && type_text.text == "alter") {
      if (alter.empty()) fail(xml_degree, "Degree alteration by zero semitones");
    } else {
      fail(type_node, "Invalid degree modification type: " + (type_text.present ? type_text.text : "None"));
    }
    return type + alter + std::to_string(*value);
  }

  ParsedChordSymbol run(pugi::xml_node harmony, double time_position, std::int64_t divisions,
                        double seconds_per_quarter) {
    ParsedChordSymbol out;
    out.time_position = time_position;
    std::optional<std::string> root;
    std::optional<std::string> bass;
    std::string kind;
    std::vector<std::string> degrees;
    for (const auto child : harmony.children()) {
      if (child.type() != pugi::node_element) continue;
      const std::string_view tag = child.name();
      if (tag == "root") {
        root = pitch(child, "root-step", "root-alter");
      } else if (tag == "kind") {
        const auto t = text_of(child);
        if (!t.present) continue;
        const std::string kind_text(py_strip(t.text));
        const auto it = kind_abbreviations().find(kind_text);
        if (it == kind_abbreviations().end()) fail(child, "Unknown chord kind: " + kind_text);
        kind = it->second;
      } else if (tag == "degree") {
        degrees.push_back(degree(child));
      } else if (tag == "bass") {
        bass = pitch(child, "bass-step", "bass-alter");
      } else if (tag == "offset") {
        const auto t = text_of(child);
        const auto offset = py_int(t);
        if (!offset) fail(child, "Non-integer offset: " + t.text);
        const double midi_ticks = static_cast<double>(*offset) * 220.0 / static_cast<double>(divisions);
        out.time_position += midi_ticks / 220.0 * seconds_per_quarter;
      }
    }
    if (!root && kind != "N.C.") fail(harmony, "Chord symbol must have a root");
    if (kind == "N.C.") {
      out.figure = kind;
    } else {
      out.figure = *root + kind;
      for (const auto& d : degrees) out.figure += "(" + d + ")";
      if (bass && !bass->empty()) out.figure += "/" + *bass;
    }
    return out;
  }

 private:
  const XmlDocument& doc_;
  bool transposing_;
};

}  // namespace

ParsedChordSymbol parse_harmony(const XmlDocument& doc, pugi::xml_node harmony, double time_position,
                                std::int64_t divisions, double seconds_per_quarter, bool transposing) {
  return HarmonyParser(doc, transposing).run(harmony, time_position, divisions, seconds_per_quarter);
}

}  // namespace stochos::scoreio::detail
