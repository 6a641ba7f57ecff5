// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/jobs/evaluate_job.h"

#include <algorithm>

#include "stochos/core/error.h"
#include "stochos/melody/pipeline.h"
#include "stochos/melody/sequence_example.h"
#include "stochos/rnn/melody_generator.h"
#include "stochos/tfio/shards.h"
#include "stochos/tfio/tfrecord.h"

namespace stochos::jobs {
namespace {

bool holds_sequence_examples(const std::filesystem::path& path) {
  if (std::filesystem::is_directory(path)) return false;
  try {
    tfio::TFRecordReader reader(path);
    std::string record;
    if (!reader.next(record)) return false;
    // A damaged SequenceExample still names its feature lists: read it as one, so that its
    // located error is reported rather than every record skipped as a NoteSequence.
    if (record.find("\x0a\x06inputs") != std::string::npos || record.find("\x0a\x06labels") != std::string::npos) {
      return true;
    }
    (void)melody::parse_sequence_example(record, path.string());
    return true;
  } catch (const Error&) {
    return false;
  }
}

std::vector<melody::EncodedSequence> corpus_sequences(const EvaluateOptions& options,
                                                      const melody::MelodyRnnConfig& config,
                                                      std::vector<SkippedInput>& skipped) {
  if (holds_sequence_examples(options.input)) return melody::read_sequence_examples(options.input);
  if (std::error_code ec; !std::filesystem::exists(options.input, ec)) {
    // Shards or a list: SequenceExamples are read file after file; NoteSequences below.
    const auto files = tfio::expand_input_files(options.input.string());
    // Some shards may be empty; the first record found says what the set holds.
    if (std::any_of(files.begin(), files.end(), holds_sequence_examples)) {
      std::vector<melody::EncodedSequence> out;
      for (const auto& f : files) {
        for (auto& s : melody::read_sequence_examples(f)) out.push_back(std::move(s));
      }
      return out;
    }
  }
  melody::PipelineOptions pipeline_options;
  pipeline_options.config = config;
  pipeline_options.flatten_tempo = options.flatten_tempo;
  pipeline_options.extraction.ignore_polyphonic_notes = options.ignore_polyphonic_notes;
  melody::MelodyRnnPipeline pipeline(pipeline_options, "eval");
  melody::Statistics stats;
  std::vector<melody::EncodedSequence> out;
  for_each_input_sequence(
      options.input, options.recursive, options.threads, options.progress, "melodies",
      [&](magenta::NoteSequence& sequence, std::uint64_t) {
        for (auto& encoded : pipeline.transform(sequence, stats, nullptr)) out.push_back(std::move(encoded));
      },
      skipped);
  return out;
}

}  // namespace

EvaluateResult evaluate_corpus(const EvaluateOptions& options) {
  const rnn::LoadedModel model = rnn::load_melody_rnn(options.model_path, options.config_name, options.hparams);
  EvaluateResult result;
  const auto sequences = corpus_sequences(options, model.config, result.skipped);
  if (sequences.empty()) throw Error::usage(options.input.string() + ": no melodies to evaluate");
  static_cast<rnn::CorpusEvaluation&>(result) = rnn::evaluate_corpus(model, sequences, options);
  return result;
}

}  // namespace stochos::jobs
