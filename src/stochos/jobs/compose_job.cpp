// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/jobs/compose_job.h"

#include "stochos/core/error.h"
#include "stochos/jobs/piece_audio.h"
#include "stochos/score/presets.h"
#include "stochos/score/spec.h"

namespace stochos::jobs {

ComposedPiece compose_into(const ComposeOptions& o, magenta::NoteSequence& out) {
  if (int(o.spec_file.has_value()) + int(o.spec_text.has_value()) + int(o.preset.has_value()) != 1) {
    throw Error::usage("compose: give exactly one of a score file, a score text or a preset");
  }
  ComposedPiece piece;
  if (o.preset) {
    const score::Preset& preset = score::find_preset(*o.preset);
    score::PresetRequest request;
    request.seed = o.seed;
    request.duration_seconds = o.duration_seconds;
    request.corpus_dir = o.corpus_dir;
    piece.preset_name = preset.name;
    preset.compose_into(request, out);
    return piece;
  }
  const score::Spec spec =
      o.spec_file ? score::parse_spec_file(*o.spec_file) : score::parse_spec_text(*o.spec_text, "<text>");
  score::EvaluateOptions options;
  options.seed = o.seed;
  options.duration_seconds = o.duration_seconds;
  out = score::evaluate(spec, options);
  piece.spec_voices = spec.voices.size();
  piece.gendyn_voices = gendyn_voices(spec, core::Rng(o.seed));
  return piece;
}

}  // namespace stochos::jobs
