// SPDX-License-Identifier: GPL-3.0-or-later
// note_seq sequences_lib.expand_section_groups.
#include "stochos/scoreio/section_groups.h"

#include <map>

#include "stochos/core/error.h"
#include "stochos/notesequence/sequences.h"

namespace stochos::scoreio {
namespace {

using magenta::NoteSequence;

void sections_in_group(const NoteSequence::SectionGroup& group, std::vector<std::int64_t>& out, int depth) {
  if (depth > 64) throw Error::input({}, {}, "section groups nested too deeply").with_code("section_groups");
  std::vector<std::int64_t> once;
  for (const auto& section : group.sections()) {
    if (section.has_section_group()) {
      sections_in_group(section.section_group(), once, depth + 1);
    } else if (section.section_type_case() == NoteSequence::Section::kSectionId) {
      once.push_back(section.section_id());
    }
  }
  if (static_cast<double>(once.size()) * group.num_times() > 1e7) {
    throw Error::input({}, {}, "section groups expand to too many sections").with_code("section_groups");
  }
  for (int i = 0; i < group.num_times(); ++i) out.insert(out.end(), once.begin(), once.end());
}

}  // namespace

NoteSequence expand_section_groups(const NoteSequence& sequence) {
  if (sequence.section_groups_size() == 0) return sequence;
  std::map<std::int64_t, NoteSequence> sections;
  std::map<std::int64_t, double> durations;
  const int n = sequence.section_annotations_size();
  for (int i = 0; i < n; ++i) {
    const auto& annotation = sequence.section_annotations(i);
    const double start = annotation.time();
    const double end = i < n - 1 ? sequence.section_annotations(i + 1).time() : sequence.total_time();
    NoteSequence sub = notesequence::extract_subsequence(sequence, start, end);
    sub.clear_section_groups();
    sub.clear_section_annotations();
    auto* sa = sub.add_section_annotations();
    sa->set_time(0);
    sa->set_section_id(annotation.section_id());
    sections[annotation.section_id()] = std::move(sub);
    durations[annotation.section_id()] = end - start;
  }
  std::vector<std::int64_t> order;
  for (const auto& group : sequence.section_groups()) sections_in_group(group, order, 0);
  std::vector<NoteSequence> pieces;
  std::vector<double> piece_durations;
  for (const std::int64_t id : order) {
    const auto it = sections.find(id);
    if (it == sections.end()) {
      throw Error::input({}, {}, "section group names unknown section " + std::to_string(id)).with_code("section_groups");
    }
    pieces.push_back(it->second);
    piece_durations.push_back(durations[id]);
  }
  return notesequence::concatenate_sequences(pieces, piece_durations);
}

}  // namespace stochos::scoreio
