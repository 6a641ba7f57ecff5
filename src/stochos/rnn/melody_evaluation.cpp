// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/rnn/melody_evaluation.h"

#include <algorithm>
#include <cmath>

#include "stochos/core/error.h"
#include "stochos/distributed/shards.h"
#include "stochos/melody/pipeline.h"
#include "stochos/melody/sequence_example.h"
#include "stochos/rnn/melody_generator.h"
#include "stochos/stochastic/markov.h"
#include "stochos/tfio/tfrecord.h"

namespace stochos::rnn {
namespace {

bool holds_sequence_examples(const std::filesystem::path& path) {
  if (std::filesystem::is_directory(path)) return false;
  try {
    tfio::TFRecordReader reader(path);
    std::string record;
    if (!reader.next(record)) return false;
    (void)melody::parse_sequence_example(record, path.string());
    return true;
  } catch (const Error&) {
    return false;
  }
}

std::vector<melody::EncodedSequence> corpus_sequences(const CorpusEvaluationOptions& options,
                                                      const melody::MelodyRnnConfig& config,
                                                      std::vector<melody::SkippedInput>& skipped) {
  if (holds_sequence_examples(options.input)) return melody::read_sequence_examples(options.input);
  if (std::error_code ec; !std::filesystem::exists(options.input, ec)) {
    // Shards or a list: SequenceExamples are read file after file; NoteSequences below.
    const auto files = shards::expand_input_files(options.input.string());
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
  const auto scratch = std::filesystem::temp_directory_path();
  melody::for_each_input_sequence(
      options.input, scratch, options.recursive, options.threads, options.progress, "melodies",
      [&](magenta::NoteSequence& sequence, std::uint64_t) {
        for (auto& encoded : pipeline.transform(sequence, stats, nullptr)) out.push_back(std::move(encoded));
      },
      skipped);
  return out;
}

std::vector<std::vector<std::int64_t>> label_sequences(const std::vector<melody::EncodedSequence>& data) {
  std::vector<std::vector<std::int64_t>> out;
  for (const auto& s : data) out.push_back(s.labels);
  return out;
}

}  // namespace

MetricSums markov_baseline_sums(const std::vector<melody::EncodedSequence>& train,
                                         const std::vector<melody::EncodedSequence>& test, int order, int num_classes,
                                         int no_event_label, double smoothing) {
  stochastic::MarkovLearnOptions learn;
  learn.order = order;
  learn.smoothing = smoothing;
  for (int c = 0; c < num_classes; ++c) learn.alphabet.push_back(c);
  const auto sequences = label_sequences(train);
  const auto chain = stochastic::MarkovChain::learn(sequences, learn);
  MetricSums sums;
  for (const auto& s : test) {
    for (std::size_t t = 0; t < s.labels.size(); ++t) {
      const std::size_t from = t >= static_cast<std::size_t>(order) ? t - static_cast<std::size_t>(order) : 0;
      const std::span<const std::int64_t> context(s.labels.data() + from, t - from);
      const std::vector<double> p = chain.next_distribution(context);
      const std::int64_t label = s.labels[t];
      const bool right = static_cast<std::int64_t>(std::max_element(p.begin(), p.end()) - p.begin()) == label;
      sums.add_step(-std::log(std::max(p[static_cast<std::size_t>(label)], 1e-300)), right, label, no_event_label);
    }
    ++sums.sequences;
  }
  return sums;
}

CorpusEvaluation evaluate_corpus(const CorpusEvaluationOptions& options) {
  const LoadedModel model = load_melody_rnn(options.model_path, options.config_name, options.hparams);
  const auto encoder = melody::make_encoder_decoder(model.config);
  CorpusEvaluation result;
  result.model_description = model.config.id + " from " + model.source;
  const auto sequences = corpus_sequences(options, model.config, result.skipped);
  if (sequences.empty()) throw Error::usage(options.input.string() + ": no melodies to evaluate");
  result.model = evaluate_sequences(model.weights, sequences, encoder->default_event_label()).metrics();

  std::vector<melody::EncodedSequence> baseline_train;
  if (options.baseline_train) {
    baseline_train = melody::read_sequence_examples(*options.baseline_train);
    result.baseline_source = options.baseline_train->string();
  }
  const int classes = encoder->num_classes(), no_event = encoder->default_event_label();
  // Without a training set for the chains: two-fold cross-validation, even and odd
  // melodies scoring each other.
  std::vector<melody::EncodedSequence> even, odd;
  if (baseline_train.empty()) {
    for (std::size_t i = 0; i < sequences.size(); ++i) (i % 2 ? odd : even).push_back(sequences[i]);
    if (odd.empty()) odd = even;
    result.baseline_source = "two-fold cross-validation on the evaluated melodies";
  }
  for (int order = 1; order <= 4; ++order) {
    MetricSums sums;
    if (!baseline_train.empty()) {
      sums = markov_baseline_sums(baseline_train, sequences, order, classes, no_event, options.markov_smoothing);
    } else {
      sums = markov_baseline_sums(even, odd, order, classes, no_event, options.markov_smoothing);
      sums.add(markov_baseline_sums(odd, even, order, classes, no_event, options.markov_smoothing));
    }
    result.markov.emplace_back(order, sums.metrics());
  }
  return result;
}

}  // namespace stochos::rnn
